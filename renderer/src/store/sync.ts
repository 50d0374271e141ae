// Keeps the store in step with the engine: subscribes to batches, and (re)lists listeners and
// connections whenever the bridge (re)opens. A re-list marks what the store knows as
// unconfirmed and drops whatever the engine no longer mentions, so nothing flashes empty.
// Started once, by main.tsx, with the same bridge the app root provides to views.
import { MAX_PAGE, type PortholeApi } from '../../../shared/contract';
import type { BridgeStatusSource } from '../bridge/bridge-status';
import type { PortholeState } from './porthole-state';

/** The store actions sync uses (the page's store, or a recorder in tests). */
export type SyncTarget = Pick<PortholeState, 'enqueue' | 'reportError' | 'setBridgeStatus'>;

export function startSync(
  api: PortholeApi,
  status: BridgeStatusSource,
  store: SyncTarget,
): () => void {
  let generation = 0;

  async function relist(): Promise<void> {
    generation += 1;
    const gen = generation;
    store.enqueue({ kind: 'sync-begin' });
    // Each reply joins the queue the moment it resolves, never later: a batch that arrives
    // between two replies is newer than the first and older than the second, and only arrival
    // order keeps it that way (waiting for both would apply an old listeners list after it).
    const listeners = api.listListeners({}).then((result) => {
      if (gen !== generation) return;
      if (result.ok) store.enqueue({ kind: 'listeners', listeners: result.value });
      else store.reportError('Could not list ports', result.error);
    });
    const stats = api.getStats({}).then((result) => {
      if (gen === generation && result.ok) store.enqueue({ kind: 'stats', stats: result.value });
    });
    await Promise.all([listeners, stats]);
    if (gen !== generation) return;
    let afterId = 0;
    for (;;) {
      const page = await api.listConnections({ afterId, limit: MAX_PAGE });
      if (gen !== generation) return;
      if (!page.ok) {
        store.reportError('Could not list connections', page.error);
        store.enqueue({ kind: 'sync-end', complete: false });
        return;
      }
      store.enqueue({ kind: 'connections', connections: page.value.connections });
      if (page.value.nextAfterId === null) break;
      afterId = page.value.nextAfterId;
    }
    store.enqueue({ kind: 'sync-end', complete: true });
  }

  const offBatch = api.onBatch((batch) => store.enqueue({ kind: 'batch', batch }));
  const onStatus = (s: ReturnType<BridgeStatusSource['get']>) => {
    store.setBridgeStatus(s);
    // Every open (first or after a reconnect) re-lists: events sent while we were away are lost.
    if (s === 'open') void relist();
  };
  const offStatus = status.subscribe(onStatus);
  onStatus(status.get());
  return () => {
    generation += 1;
    offBatch();
    offStatus();
  };
}
