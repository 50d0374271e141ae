// Keeps the store in step with the engine: subscribes to batches, and (re)lists listeners and
// connections whenever the bridge (re)opens. A re-list marks what the store knows as
// unconfirmed and drops whatever the engine no longer mentions, so nothing flashes empty.
import { MAX_PAGE, type PortholeApi } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import type { BridgeStatusSource } from '../bridge/bridge-status';
import type { FrameQueue } from './frame-queue';
import { useStore } from './store';

function report(title: string, error: ErrorInfo): void {
  // Lost-transport failures are shown once, by the connection banner, not per command.
  if (error.code !== 'TRANSPORT_CLOSED') useStore.getState().pushToast(title, error);
}

export function startSync(
  api: PortholeApi,
  status: BridgeStatusSource,
  queue: FrameQueue,
): () => void {
  let generation = 0;

  async function relist(): Promise<void> {
    generation += 1;
    const gen = generation;
    queue.push({ kind: 'sync-begin' });
    // Each reply joins the queue the moment it resolves, never later: a batch that arrives
    // between two replies is newer than the first and older than the second, and only arrival
    // order keeps it that way (waiting for both would apply an old listeners list after it).
    const listeners = api.listListeners({}).then((result) => {
      if (gen !== generation) return;
      if (result.ok) queue.push({ kind: 'listeners', listeners: result.value });
      else report('Could not list ports', result.error);
    });
    const stats = api.getStats({}).then((result) => {
      if (gen === generation && result.ok) queue.push({ kind: 'stats', stats: result.value });
    });
    await Promise.all([listeners, stats]);
    if (gen !== generation) return;
    let afterId = 0;
    for (;;) {
      const page = await api.listConnections({ afterId, limit: MAX_PAGE });
      if (gen !== generation) return;
      if (!page.ok) {
        report('Could not list connections', page.error);
        queue.push({ kind: 'sync-end', complete: false });
        return;
      }
      queue.push({ kind: 'connections', connections: page.value.connections });
      if (page.value.nextAfterId === null) break;
      afterId = page.value.nextAfterId;
    }
    queue.push({ kind: 'sync-end', complete: true });
  }

  const offBatch = api.onBatch((batch) => queue.push({ kind: 'batch', batch }));
  const onStatus = (s: ReturnType<BridgeStatusSource['get']>) => {
    useStore.getState().setBridgeStatus(s);
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
