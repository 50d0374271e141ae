// Keeps the store in step with the engine: subscribes to batches, and (re)lists listeners and
// connections whenever the bridge (re)opens. A re-list marks what the store knows as
// unconfirmed and drops whatever the engine no longer mentions, so nothing flashes empty.
// Started once, by main.tsx, with the same bridge the app root provides to views.
//
// The store shows one capture at a time: the live one, or a past one read-only. Switching
// re-lists from scratch for that capture (its ports and connections are not the live ones);
// while a past capture is shown, live batches only bring the engine-wide figures, and going
// back to live re-lists, which catches up on everything those batches carried.
import type { StoreApi } from 'zustand';
import type { PortholeApi } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import type { BridgeStatusSource } from '../bridge/bridge-status';
import type { PortholeState } from './porthole-state';

/** The store actions sync uses (the page's store, or a recorder in tests). */
export type SyncTarget = Pick<
  PortholeState,
  'enqueue' | 'reportError' | 'setBridgeStatus' | 'loadCaptures'
>;

/** Which capture the views show: a past capture's id, or null for the live one. */
export interface ShownCaptureSource {
  get(): string | null;
  /** Called with the new id whenever it changes; returns the unsubscribe function. */
  subscribe(listener: (capture: string | null) => void): () => void;
}

/** The shown capture as the store holds it (captures-slice.ts). */
export function shownCaptureOf(
  store: Pick<StoreApi<PortholeState>, 'getState' | 'subscribe'>,
): ShownCaptureSource {
  const idOf = (state: PortholeState): string | null => state.shownCapture?.id ?? null;
  return {
    get: () => idOf(store.getState()),
    subscribe: (listener) =>
      store.subscribe((state, prev) => {
        const id = idOf(state);
        if (id !== idOf(prev)) listener(id);
      }),
  };
}

/** The first page of a (re)list: more rows than any screen shows. */
const FIRST_PAGE = 300;

const ALWAYS_LIVE: ShownCaptureSource = { get: () => null, subscribe: () => () => undefined };

export function startSync(
  api: PortholeApi,
  status: BridgeStatusSource,
  store: SyncTarget,
  shown: ShownCaptureSource = ALWAYS_LIVE,
): () => void {
  let generation = 0;
  let capture = shown.get();

  async function relist(fresh: boolean): Promise<void> {
    generation += 1;
    const gen = generation;
    const scope = capture === null ? {} : { capture };
    store.enqueue({ kind: 'sync-begin', fresh });
    // Each reply joins the queue the moment it resolves, never later: a batch that arrives
    // between two replies is newer than the first and older than the second, and only arrival
    // order keeps it that way (waiting for both would apply an old listeners list after it).
    const listeners = api.listListeners(scope).then((result) => {
      if (gen !== generation) return;
      if (result.ok) store.enqueue({ kind: 'listeners', listeners: result.value });
      else store.reportError('Could not list ports', result.error);
    });
    const stats = api.getStats({}).then((result) => {
      if (gen === generation && result.ok) store.enqueue({ kind: 'stats', stats: result.value });
    });
    await Promise.all([listeners, stats]);
    if (gen !== generation) return;
    // The list opens at its newest rows: those come first, in one small page, so the first
    // screen does not wait for thousands of rows above it (a 2,000-connection page is ~1.3 MB).
    const newest = await api.listConnections({ ...scope, newest: true, limit: FIRST_PAGE });
    if (gen !== generation) return;
    if (!newest.ok) return failed(newest.error);
    store.enqueue({ kind: 'connections', connections: newest.value.connections });
    // A full first page may have older connections below it; a shorter one was all of them.
    const first = newest.value.connections;
    const below = first.length === FIRST_PAGE ? first[0]?.id : undefined;
    let afterId = 0;
    while (below !== undefined) {
      const page = await api.listConnections({ ...scope, afterId, beforeId: below });
      if (gen !== generation) return;
      if (!page.ok) return failed(page.error);
      store.enqueue({ kind: 'connections', connections: page.value.connections });
      if (page.value.nextAfterId === null) break;
      afterId = page.value.nextAfterId;
    }
    store.enqueue({ kind: 'sync-end', complete: true });
  }

  function failed(error: ErrorInfo): void {
    store.reportError('Could not list connections', error);
    store.enqueue({ kind: 'sync-end', complete: false });
  }

  const offBatch = api.onBatch((batch) => {
    if (capture === null) store.enqueue({ kind: 'batch', batch });
    // A past capture does not change; the status bar still follows the engine.
    else store.enqueue({ kind: 'stats', stats: batch.stats });
  });
  const onStatus = (s: ReturnType<BridgeStatusSource['get']>) => {
    store.setBridgeStatus(s);
    // Every open (first or after a reconnect) re-lists: events sent while we were away are lost.
    if (s !== 'open') return;
    void relist(false);
    void store.loadCaptures();
  };
  const offStatus = status.subscribe(onStatus);
  const offShown = shown.subscribe((next) => {
    if (next === capture) return;
    capture = next;
    // Replies for the capture shown before are dropped (the generation moves on).
    void relist(true);
  });
  onStatus(status.get());
  return () => {
    generation += 1;
    offBatch();
    offStatus();
    offShown();
  };
}
