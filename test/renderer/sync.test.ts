// Re-listing after (re)connect: each reply joins the frame queue the moment it arrives, so a
// batch that lands between two replies keeps its place and newer snapshots win.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PAGE, type BatchListener } from '../../shared/contract';
import { ok, type Result } from '../../shared/errors';
import type { EngineStats, ListenerInfo } from '../../shared/model';
import type { BridgeStatusSource } from '../../renderer/src/bridge/bridge-status';
import type { StoreOp } from '../../renderer/src/store/store-op';
import { startSync, type SyncTarget } from '../../renderer/src/store/sync';
import { batch, conn, fakeApi, listener, settle, stats } from './support/fixtures';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const openStatus: BridgeStatusSource = { get: () => 'open', subscribe: () => () => undefined };

/** Records what sync queues, in order. */
function recorder(ops: StoreOp[]): SyncTarget {
  return {
    enqueue: (op) => ops.push(op),
    reportError: () => undefined,
    setBridgeStatus: () => undefined,
    loadCaptures: async () => undefined,
  };
}

/** An engine's history of `count` connections, paged as listConnections pages it. */
function pagedHistory(count: number, asked: unknown[]) {
  const all = Array.from({ length: count }, (_, i) => conn(i + 1));
  return async (args: {
    afterId?: number;
    beforeId?: number;
    newest?: boolean;
    limit?: number;
  }) => {
    asked.push(args);
    const { afterId = 0, beforeId = Infinity, newest = false, limit = MAX_PAGE } = args;
    const range = all.filter((c) => c.id > afterId && c.id < beforeId);
    if (newest) return ok({ connections: range.slice(-limit), nextAfterId: null });
    const page = range.slice(0, limit);
    const more = range.length > limit;
    return ok({ connections: page, nextAfterId: more ? (page.at(-1)?.id ?? null) : null });
  };
}

/** One list of a history of `count` connections: the calls made and what was queued. */
async function syncOnce(count: number): Promise<{ asked: unknown[]; ops: StoreOp[] }> {
  const asked: unknown[] = [];
  const api = fakeApi({
    listListeners: async () => ok([]),
    getStats: async () => ok(stats()),
    listConnections: pagedHistory(count, asked),
  });
  const ops: StoreOp[] = [];
  const stop = startSync(api, openStatus, recorder(ops));
  for (let i = 0; i < 5; i++) await settle();
  stop();
  return { asked, ops };
}

describe('startSync', () => {
  it('lists the newest connections first, then the rest below them', async () => {
    const { asked, ops } = await syncOnce(7_000);
    assert.deepEqual(asked, [
      { newest: true, limit: 300 },
      { afterId: 0, beforeId: 6_701 },
      { afterId: 5_000, beforeId: 6_701 },
    ]);
    const pages = ops.flatMap((o) =>
      o.kind === 'connections' ? [[o.connections[0]?.id, o.connections.at(-1)?.id]] : [],
    );
    assert.deepEqual(pages, [
      [6_701, 7_000],
      [1, 5_000],
      [5_001, 6_700],
    ]);
    assert.deepEqual(ops.at(-1), { kind: 'sync-end', complete: true });
  });

  it('asks once when the newest page holds every connection', async () => {
    const { asked, ops } = await syncOnce(12);
    assert.deepEqual(asked, [{ newest: true, limit: 300 }]);
    assert.equal(ops.filter((o) => o.kind === 'connections').length, 1);
    assert.deepEqual(ops.at(-1), { kind: 'sync-end', complete: true });
  });

  it('queues the listeners reply before a batch that arrives before the stats reply', async () => {
    const listenersReply = deferred<Result<ListenerInfo[]>>();
    const statsReply = deferred<Result<EngineStats>>();
    let emit: BatchListener = () => undefined;
    const api = fakeApi(
      {
        listListeners: () => listenersReply.promise,
        getStats: () => statsReply.promise,
        listConnections: async () => ok({ connections: [], nextAfterId: null }),
      },
      (listenerFn) => {
        emit = listenerFn;
        return () => undefined;
      },
    );
    const ops: StoreOp[] = [];
    const stop = startSync(api, openStatus, recorder(ops));

    listenersReply.resolve(ok([listener('A', { state: 'opening' })]));
    await settle();
    emit(batch({ listeners: [listener('A', { state: 'open' })] }));
    statsReply.resolve(ok(stats({ bytesReceived: 7 })));
    await settle();
    stop();

    assert.deepEqual(
      ops.map((o) => o.kind),
      ['sync-begin', 'listeners', 'batch', 'stats', 'connections', 'sync-end'],
    );
  });

  it('drops replies of a re-list that a newer one replaced', async () => {
    const listenersReply = deferred<Result<ListenerInfo[]>>();
    const api = fakeApi({
      listListeners: () => listenersReply.promise,
      getStats: async () => ok(stats()),
      listConnections: async () => ok({ connections: [], nextAfterId: null }),
    });
    const ops: StoreOp[] = [];
    const stop = startSync(api, openStatus, recorder(ops));
    await settle();
    stop();
    listenersReply.resolve(ok([listener('A')]));
    await settle();
    assert.deepEqual(
      ops.map((o) => o.kind),
      ['sync-begin', 'stats'],
    );
  });
});
