// The connection filter's one writer: setFilter queues a 'filter' op, and the frame applies it
// together with that frame's batches in one store update (one filter pass), never at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_FILTER } from '../../renderer/src/store/connection-filter';
import { filterIds } from '../../renderer/src/store/visible-ids';
import { batch, closed, conn, testStore } from './support/fixtures';

function setup() {
  const t = testStore();
  t.store
    .getState()
    .applyOps([
      { kind: 'batch', batch: batch({ connections: [conn(1), closed(2), conn(3), conn(4)] }) },
    ]);
  let updates = 0;
  t.store.subscribe(() => {
    updates += 1;
  });
  return { ...t, updates: () => updates };
}

describe('filter slice', () => {
  it('changes nothing until the frame, then re-filters once together with its batch', () => {
    const { store, frame, pendingFrames, updates } = setup();
    const before = store.getState();
    store.getState().setFilter({ state: 'open' });
    assert.equal(store.getState().filter, EMPTY_FILTER, 'no direct write');
    assert.equal(store.getState().visibleIds, before.connectionIds);
    assert.equal(updates(), 0);
    assert.equal(pendingFrames(), 1);

    // The same frame's traffic: #3 closes, #5 arrives.
    store.getState().enqueue({
      kind: 'batch',
      batch: batch({ connections: [closed(3), conn(5)] }),
    });
    assert.equal(pendingFrames(), 1, 'one frame for the edit and the batch');
    frame();

    const s = store.getState();
    assert.equal(updates(), 1, 'one store update for the filter and the batch');
    assert.equal(s.filter.state, 'open');
    assert.deepEqual([...s.visibleIds], [1, 4, 5]);
    assert.deepEqual([...s.visibleIds], filterIds(s.connections, s.connectionIds, s.filter));
    assert.equal(s.connectionsVersion, before.connectionsVersion + 1);
  });

  it('merges a burst of edits into one update, the last value winning', () => {
    const { store, frame, updates } = setup();
    const { setFilter } = store.getState();
    setFilter({ address: '1' });
    setFilter({ address: '12' });
    setFilter({ address: '127.0.0.1:40003', state: 'open' });
    frame();
    assert.equal(updates(), 1);
    assert.equal(store.getState().filter.address, '127.0.0.1:40003');
    assert.deepEqual([...store.getState().visibleIds], [3]);
  });

  it('keeps the same filter (and list) when the edits add up to no change', () => {
    const { store, frame } = setup();
    const version = store.getState().connectionsVersion;
    store.getState().setFilter({ state: 'open' });
    store.getState().setFilter({ state: 'any' });
    frame();
    assert.equal(store.getState().filter, EMPTY_FILTER);
    assert.equal(store.getState().connectionsVersion, version);
    assert.equal(store.getState().visibleIds, store.getState().connectionIds);
  });
});
