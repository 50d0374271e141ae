// Switching the capture on screen: sync re-lists from scratch for that capture (its ports and
// connections are not the live ones), live batches bring only the engine-wide figures while a
// past capture is shown, and going back re-lists the live capture. The store drops what it held
// the moment the re-list for another capture begins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BatchListener } from '../../shared/contract';
import { ok } from '../../shared/errors';
import type { BridgeStatusSource } from '../../renderer/src/bridge/bridge-status';
import type { StoreOp } from '../../renderer/src/store/store-op';
import { startSync, type ShownCaptureSource } from '../../renderer/src/store/sync';
import { shownCaptureOf } from '../../renderer/src/store/sync';
import {
  batch,
  closed,
  conn,
  fakeApi,
  listener,
  settle,
  stats,
  testStore,
} from './support/fixtures';

const openStatus: BridgeStatusSource = { get: () => 'open', subscribe: () => () => undefined };

/** A shown-capture source a test switches by hand. */
function switcher(): ShownCaptureSource & { show(capture: string | null): void } {
  let current: string | null = null;
  const listeners = new Set<(capture: string | null) => void>();
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    show(capture) {
      current = capture;
      for (const l of listeners) l(capture);
    },
  };
}

describe('sync: the capture on screen', () => {
  it('re-lists a past capture by id, applies only stats from live batches, and re-lists live on return', async () => {
    const asked: unknown[] = [];
    let emit: BatchListener = () => undefined;
    const api = fakeApi(
      {
        listListeners: async (args) => {
          asked.push(['listeners', args]);
          return ok([listener('L1')]);
        },
        getStats: async () => ok(stats()),
        listConnections: async (args) => {
          asked.push(['connections', args]);
          return ok({ connections: [closed(1)], nextAfterId: null });
        },
      },
      (fn) => {
        emit = fn;
        return () => undefined;
      },
    );
    const ops: StoreOp[] = [];
    const shown = switcher();
    let listings = 0;
    const stop = startSync(
      api,
      openStatus,
      {
        enqueue: (op) => ops.push(op),
        reportError: () => undefined,
        setBridgeStatus: () => undefined,
        loadCaptures: async () => {
          listings += 1;
        },
      },
      shown,
    );
    await settle();
    assert.equal(listings, 1, 'the capture list is read when the bridge opens');
    ops.length = 0;
    asked.length = 0;

    shown.show('c2');
    await settle();
    emit(batch({ connections: [conn(7)], stats: stats({ bytesReceived: 9 }) }));
    assert.deepEqual(asked, [
      ['listeners', { capture: 'c2' }],
      ['connections', { capture: 'c2', newest: true, limit: 300 }],
    ]);
    assert.deepEqual(
      ops.map((o) => (o.kind === 'sync-begin' ? `sync-begin:${o.fresh}` : o.kind)),
      ['sync-begin:true', 'listeners', 'stats', 'connections', 'sync-end', 'stats'],
    );

    ops.length = 0;
    asked.length = 0;
    shown.show(null);
    await settle();
    emit(batch({ connections: [conn(7)] }));
    assert.deepEqual(asked, [
      ['listeners', {}],
      ['connections', { newest: true, limit: 300 }],
    ]);
    assert.equal(ops[0]?.kind === 'sync-begin' && ops[0].fresh, true);
    assert.equal(ops.at(-1)?.kind, 'batch', 'live batches apply again');
    stop();
  });

  it('drops the replies for a capture that is no longer shown', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const api = fakeApi({
      listListeners: async (args) => {
        if (args.capture === 'c1') await gate;
        return ok([listener(args.capture ?? 'live')]);
      },
      getStats: async () => ok(stats()),
      listConnections: async () => ok({ connections: [], nextAfterId: null }),
    });
    const ops: StoreOp[] = [];
    const shown = switcher();
    startSync(
      api,
      openStatus,
      {
        enqueue: (op) => ops.push(op),
        reportError: () => undefined,
        setBridgeStatus: () => undefined,
        loadCaptures: async () => undefined,
      },
      shown,
    );
    await settle();
    shown.show('c1');
    shown.show('c2');
    await settle();
    release();
    await settle();
    const listed = ops.flatMap((o) => (o.kind === 'listeners' ? o.listeners.map((l) => l.id) : []));
    assert.deepEqual(listed, ['live', 'c2']);
  });

  it('follows the store: a source built on it reports each change of the shown capture once', () => {
    const { store } = testStore();
    const source = shownCaptureOf(store);
    const seen: (string | null)[] = [];
    const off = source.subscribe((id) => seen.push(id));
    store.getState().showCapture({
      id: 'c1',
      name: null,
      startedAt: 0,
      endedAt: 1,
      current: false,
      interrupted: false,
      ports: 0,
      connections: 1,
      bytes: 0,
      fileBytes: 0,
      damaged: false,
      expiring: false,
    });
    store.getState().select(null);
    assert.equal(source.get(), 'c1');
    store.getState().showLive();
    off();
    assert.deepEqual(seen, ['c1', null]);
  });
});

describe('reduceOps: a re-list for another capture', () => {
  it('drops the connections, ports, tombstones and the port filter of the capture before', () => {
    const { store } = testStore();
    const apply = (...ops: StoreOp[]) => store.getState().applyOps(ops);
    apply(
      { kind: 'listeners', listeners: [listener('L1'), listener('L2')] },
      { kind: 'connections', connections: [conn(1), closed(2)] },
      { kind: 'listener-removed', id: 'L2' },
      { kind: 'filter', patch: { listenerId: 'L1' } },
    );
    store.getState().select(1);
    apply({ kind: 'sync-begin', fresh: true });
    const s = store.getState();
    assert.deepEqual(s.connectionIds, []);
    assert.equal(s.connections.size, 0);
    assert.deepEqual(s.listenerOrder, []);
    assert.equal(s.filter.listenerId, null);
    assert.equal(s.selectedId, null);
    assert.equal(s.loading, true);
    // L2 was removed from the live capture; a past capture's L2 is another port altogether.
    apply(
      { kind: 'listeners', listeners: [listener('L2')] },
      { kind: 'connections', connections: [closed(2)] },
      { kind: 'sync-end', complete: true },
    );
    assert.deepEqual(store.getState().listenerOrder, ['L2']);
    assert.deepEqual(store.getState().connectionIds, [2]);
  });

  it('keeps what it has on a plain re-list (a reconnect), so nothing flashes empty', () => {
    const { store } = testStore();
    store
      .getState()
      .applyOps([
        { kind: 'listeners', listeners: [listener('L1')] },
        { kind: 'connections', connections: [conn(1)] },
        { kind: 'sync-begin' },
      ]);
    assert.deepEqual(store.getState().connectionIds, [1]);
    assert.deepEqual(store.getState().listenerOrder, ['L1']);
  });
});
