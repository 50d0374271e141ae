// The store reducer: batches, re-list ops and command results applied in queue order, with the
// contract's order inside a batch (clear, upsert, remove) and the filtered id list kept in step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reduceOps } from '../../renderer/src/store/apply-ops';
import type { ConnectionFilter } from '../../renderer/src/store/connection-filter';
import type { StoreOp } from '../../renderer/src/store/store-op';
import { filterIds } from '../../renderer/src/store/visible-ids';
import { batch, closed, conn, freshStore, listener, stats } from './support/fixtures';

function setup(ops: readonly StoreOp[] = []) {
  const store = freshStore();
  const apply = (...more: StoreOp[]) => store.getState().applyOps(more);
  if (ops.length > 0) store.getState().applyOps(ops);
  return { store, apply, ids: () => [...store.getState().connectionIds] };
}

describe('reduceOps: connections', () => {
  it('appends new connections in id order and bumps the version once per update', () => {
    const { store, apply, ids } = setup();
    apply({ kind: 'batch', batch: batch({ connections: [conn(2), conn(1)] }) });
    assert.deepEqual(ids(), [1, 2]);
    assert.equal(store.getState().connectionsVersion, 1);
    apply(
      { kind: 'batch', batch: batch({ connections: [conn(3)] }) },
      { kind: 'batch', batch: batch({ connections: [conn(2, { state: 'half-closed' })] }) },
    );
    assert.deepEqual(ids(), [1, 2, 3]);
    assert.equal(store.getState().connectionsVersion, 2);
    assert.equal(store.getState().connections.get(2)?.state, 'half-closed');
  });

  it('merges ids that arrive out of order (a late re-list page) without duplicates', () => {
    const { apply, ids } = setup();
    apply({ kind: 'batch', batch: batch({ connections: [conn(4), conn(9)] }) });
    apply({ kind: 'connections', connections: [conn(1), conn(4), conn(6)] });
    assert.deepEqual(ids(), [1, 4, 6, 9]);
  });

  it('applies a batch as clear, then upsert, then remove', () => {
    const { store, apply, ids } = setup();
    apply({
      kind: 'batch',
      batch: batch({ connections: [closed(1), conn(2), closed(3), conn(4)] }),
    });
    // #5 opened and closed after the clear: the clear must not take it. #4 closed and was
    // cleared within the frame: only removedConnections can say so. #2 is still open.
    apply({
      kind: 'batch',
      batch: batch({ cleared: true, connections: [closed(5)], removedConnections: [4] }),
    });
    assert.deepEqual(ids(), [2, 5]);
    assert.equal(store.getState().connections.has(3), false);
    assert.equal(store.getState().connections.get(5)?.state, 'closed');
  });

  it('removes evicted connections and clears a selection that went with them', () => {
    const { store, apply, ids } = setup();
    apply({ kind: 'batch', batch: batch({ connections: [closed(1), closed(2), conn(3)] }) });
    store.getState().select(1);
    apply({ kind: 'batch', batch: batch({ removedConnections: [1, 2, 77] }) });
    assert.deepEqual(ids(), [3]);
    assert.equal(store.getState().selectedId, null);
  });

  it('drops whatever a complete re-list did not mention, but keeps batch news', () => {
    const { store, apply, ids } = setup();
    apply({ kind: 'batch', batch: batch({ connections: [closed(1), closed(2), conn(3)] }) });
    apply(
      { kind: 'sync-begin' },
      { kind: 'connections', connections: [closed(2)] },
      // A batch during the re-list confirms what it mentions.
      { kind: 'batch', batch: batch({ connections: [conn(3, { chunkCount: 1 })] }) },
    );
    assert.equal(store.getState().loading, true);
    apply({ kind: 'sync-end', complete: true });
    assert.deepEqual(ids(), [2, 3]);
    assert.equal(store.getState().loading, false);
    assert.equal(store.getState().unconfirmed, null);
  });

  it('keeps everything when the re-list stopped early', () => {
    const { apply, ids } = setup();
    apply({ kind: 'batch', batch: batch({ connections: [closed(1), closed(2)] }) });
    apply({ kind: 'sync-begin' }, { kind: 'sync-end', complete: false });
    assert.deepEqual(ids(), [1, 2]);
  });
});

describe('reduceOps: listeners and stats', () => {
  it('upserts listeners before removing the ones a batch names, in one batch', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', batch: batch({ listeners: [listener('A'), listener('B')] }) });
    apply({
      kind: 'batch',
      batch: batch({ listeners: [listener('A', { state: 'closed' })], removedListeners: ['A'] }),
    });
    assert.deepEqual(store.getState().listenerOrder, ['B']);
    // A late snapshot (a reply queued after the removal) must not bring it back.
    apply({ kind: 'listener', listener: listener('A') });
    apply({ kind: 'listeners', listeners: [listener('A'), listener('B')] });
    assert.deepEqual(store.getState().listenerOrder, ['B']);
  });

  it('replaces the listener list on a re-list, and the newest snapshot wins in order', () => {
    const { store, apply } = setup();
    apply({ kind: 'listeners', listeners: [listener('A', { state: 'opening' })] });
    apply({ kind: 'batch', batch: batch({ listeners: [listener('A', { state: 'open' })] }) });
    assert.equal(store.getState().listeners.A?.state, 'open');
    apply({ kind: 'listeners', listeners: [listener('C')] });
    assert.deepEqual(store.getState().listenerOrder, ['C']);
  });

  it('resets a port filter whose listener went away', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', batch: batch({ listeners: [listener('A')] }) });
    store.getState().setFilter({ listenerId: 'A' });
    store.getState().flushFrame();
    assert.equal(store.getState().filter.listenerId, 'A');
    apply({ kind: 'listener-removed', id: 'A' });
    assert.equal(store.getState().filter.listenerId, null);
  });

  it('takes stats from batches and amends the limits from a setLimits reply', () => {
    const { store, apply } = setup();
    apply({ kind: 'limits', limits: { perConnectionBytes: 1, totalBytes: 2, maxConnections: 3 } });
    assert.equal(store.getState().stats, null);
    apply({ kind: 'stats', stats: stats({ bytesReceived: 42 }) });
    apply({ kind: 'limits', limits: { perConnectionBytes: 1, totalBytes: 2, maxConnections: 3 } });
    assert.deepEqual(store.getState().stats?.limits, {
      perConnectionBytes: 1,
      totalBytes: 2,
      maxConnections: 3,
    });
    assert.equal(store.getState().stats?.bytesReceived, 42);
  });

  it('does not touch the state when there is nothing to apply', () => {
    const { store } = setup();
    const before = store.getState();
    assert.deepEqual(reduceOps(before, []), {
      stats: null,
      unconfirmed: null,
      loading: true,
    });
  });
});

describe('reduceOps: filtered ids', () => {
  it('is the id array itself while nothing is filtered', () => {
    const { store, apply } = setup();
    apply({ kind: 'batch', batch: batch({ connections: [conn(1)] }) });
    assert.equal(store.getState().visibleIds, store.getState().connectionIds);
  });

  it('follows closes, arrivals, removals and listener filters frame by frame', () => {
    const { store, apply } = setup();
    const filter = (patch: Partial<ConnectionFilter>) => {
      store.getState().setFilter(patch);
      store.getState().flushFrame();
    };
    const check = (expected: number[]) => {
      const s = store.getState();
      assert.deepEqual([...s.visibleIds], expected);
      assert.deepEqual([...s.visibleIds], filterIds(s.connections, s.connectionIds, s.filter));
    };
    apply({
      kind: 'batch',
      batch: batch({
        connections: [conn(1), closed(2), conn(3, { listenerId: 'L2' }), conn(4)],
      }),
    });
    filter({ state: 'open' });
    check([1, 3, 4]);
    const version = store.getState().connectionsVersion;
    apply({
      kind: 'batch',
      batch: batch({ connections: [closed(3, { listenerId: 'L2' }), conn(5)] }),
    });
    check([1, 4, 5]);
    assert.equal(store.getState().connectionsVersion, version + 1);
    apply({ kind: 'batch', batch: batch({ removedConnections: [1] }) });
    check([4, 5]);
    apply({ kind: 'connections', connections: [conn(0)] });
    check([0, 4, 5]);
    filter({ state: 'any', listenerId: 'L2' });
    check([3]);
    apply({
      kind: 'batch',
      batch: batch({ cleared: true, connections: [conn(6, { listenerId: 'L2' })] }),
    });
    check([6]);
    filter({ listenerId: null });
    assert.equal(store.getState().visibleIds, store.getState().connectionIds);
  });
});
