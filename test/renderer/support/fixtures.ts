// Plain data for renderer unit tests: connection, listener and stats snapshots with exact
// values, a fresh store, and a PortholeApi whose commands are whatever a test supplies.
import { createStore } from 'zustand/vanilla';
import type { PortholeApi } from '../../../shared/contract';
import { appError, fail } from '../../../shared/errors';
import { buildApi, type CommandFunctions } from '../../../renderer/src/bridge/build-api';
import { createPortholeState } from '../../../renderer/src/store/store';
import type { PortholeState } from '../../../renderer/src/store/store-types';

export { batch, closed, conn, listener, stats } from '../../fixtures/snapshots';

export function freshStore() {
  return createStore<PortholeState>()(createPortholeState);
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
