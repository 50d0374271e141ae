// The in-place connection index: the ascending id array stays sorted and duplicate-free, and
// the cheap paths (append, prefix eviction) keep the same array.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionInfo } from '../../shared/model';
import {
  insertSortedIds,
  removeClosedConnections,
  removeConnections,
  removeSortedIds,
  upsertConnections,
} from '../../renderer/src/store/connection-index';
import { closed, conn } from './support/fixtures';

function indexOf(list: ConnectionInfo[]) {
  const map = new Map<number, ConnectionInfo>();
  const ids = upsertConnections(map, [], list, null);
  return { map, ids };
}

describe('connection index', () => {
  it('appends larger ids to the same array', () => {
    const { map, ids } = indexOf([conn(1), conn(2)]);
    const after = upsertConnections(map, ids, [conn(4), conn(3)], null);
    assert.equal(after, ids);
    assert.deepEqual(after, [1, 2, 3, 4]);
  });

  it('merges smaller ids into a new sorted array', () => {
    const { map, ids } = indexOf([conn(2), conn(5)]);
    const after = upsertConnections(map, ids, [conn(3), conn(1), conn(5)], null);
    assert.notEqual(after, ids);
    assert.deepEqual(after, [1, 2, 3, 5]);
    assert.equal(map.size, 4);
  });

  it('confirms upserted ids during a re-list', () => {
    const { map, ids } = indexOf([conn(1), conn(2)]);
    const unconfirmed = new Set([1, 2]);
    upsertConnections(map, ids, [conn(2)], unconfirmed);
    assert.deepEqual([...unconfirmed], [1]);
  });

  it('removes a prefix (eviction) and holes, reporting only known ids', () => {
    const { map, ids } = indexOf([1, 2, 3, 4, 5, 6].map((id) => conn(id)));
    assert.deepEqual([...removeConnections(map, ids, [2, 1, 99])], [2, 1]);
    assert.deepEqual(ids, [3, 4, 5, 6]);
    assert.deepEqual([...removeConnections(map, ids, [5, 3])], [5, 3]);
    assert.deepEqual(ids, [4, 6]);
    assert.deepEqual([...map.keys()].sort(), [4, 6]);
  });

  it('removes every closed connection on clear', () => {
    const { map, ids } = indexOf([closed(1), conn(2), closed(3), conn(4)]);
    assert.deepEqual([...removeClosedConnections(map, ids)], [1, 3]);
    assert.deepEqual(ids, [2, 4]);
  });

  it('sorted helpers handle empty input and interleaving', () => {
    const ids = [10, 20, 30];
    assert.equal(insertSortedIds(ids, []), ids);
    assert.deepEqual(insertSortedIds(ids, [25, 5]), [5, 10, 20, 25, 30]);
    const holes = [1, 2, 3, 4, 5];
    removeSortedIds(holes, new Set([2, 4, 5]));
    assert.deepEqual(holes, [1, 3]);
  });
});
