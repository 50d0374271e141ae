// Re-listing after (re)connect: each reply joins the frame queue the moment it arrives, so a
// batch that lands between two replies keeps its place and newer snapshots win.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BatchListener } from '../../shared/contract';
import { ok, type Result } from '../../shared/errors';
import type { EngineStats, ListenerInfo } from '../../shared/model';
import type { BridgeStatusSource } from '../../renderer/src/bridge/bridge-status';
import type { StoreOp } from '../../renderer/src/store/store-op';
import { startSync, type SyncTarget } from '../../renderer/src/store/sync';
import { batch, fakeApi, listener, settle, stats } from './support/fixtures';

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

describe('startSync', () => {
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
