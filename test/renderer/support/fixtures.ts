// Plain data for renderer unit tests: connection, listener and stats snapshots with exact
// values, a fresh store (with a frame clock the test turns by hand), and a PortholeApi whose
// commands are whatever a test supplies.
import { createStore } from 'zustand/vanilla';
import type { PortholeApi } from '../../../shared/contract';
import type { CaptureSummary } from '../../../shared/model';
import { appError, fail } from '../../../shared/errors';
import { buildApi, type CommandFunctions } from '../../../renderer/src/bridge/build-api';
import { createPortholeState } from '../../../renderer/src/store/create-state';
import type { FrameScheduler } from '../../../renderer/src/store/frame-queue';
import type { PortholeState } from '../../../renderer/src/store/porthole-state';

export { batch, closed, conn, listener, stats } from '../../fixtures/snapshots';

/** Animation frames on demand: frame() runs what was scheduled, as the browser would. */
function manualFrames() {
  let pending: (() => void)[] = [];
  const scheduler: FrameScheduler = {
    schedule(run) {
      pending.push(run);
      return () => {
        pending = pending.filter((r) => r !== run);
      };
    },
  };
  return {
    scheduler,
    /** Frames waiting to run. */
    pending: () => pending.length,
    frame(): void {
      const runs = pending;
      pending = [];
      for (const run of runs) run();
    },
  };
}

/** A store like the page's, on a fake engine and a hand-turned frame clock. */
export function testStore(engine: PortholeApi = fakeApi({})) {
  const frames = manualFrames();
  const store = createStore<PortholeState>()(
    createPortholeState({ engine: () => engine, scheduler: frames.scheduler }),
  );
  return { store, frame: frames.frame, pendingFrames: frames.pending };
}

export function freshStore() {
  return testStore().store;
}

/** A bridge whose commands are the given ones; any other command fails loudly. */
export function fakeApi(
  commands: Partial<CommandFunctions>,
  onBatch: PortholeApi['onBatch'] = () => () => undefined,
): PortholeApi {
  return buildApi((name) => {
    const given = commands[name];
    if (given) return given;
    return async () => fail(appError('INTERNAL', { detail: `unexpected call to ${name}` }));
  }, onBatch);
}

/** Let pending promise callbacks run (replies resolve in microtasks). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A past capture's summary with exact values (ids sort by start, as the engine's do). */
export function captureSummary(id: string, patch: Partial<CaptureSummary> = {}): CaptureSummary {
  return {
    id,
    name: null,
    startedAt: Date.UTC(2026, 11, 7, 9, 30),
    endedAt: Date.UTC(2026, 11, 7, 10, 0),
    current: false,
    interrupted: false,
    ports: 1,
    connections: 3,
    bytes: 60,
    fileBytes: 4096,
    damaged: false,
    expiring: false,
    ...patch,
  };
}
