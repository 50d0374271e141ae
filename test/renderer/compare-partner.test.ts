// The Compare view's default partner: a replay's original, else a connection's latest replay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPartner } from '../../renderer/src/features/compare/compare-partner';
import { conn } from '../fixtures/snapshots';

test('a replay is compared with its original; an original with its latest replay', () => {
  const list = [conn(1), conn(2, { replayOf: 1 }), conn(3), conn(4, { replayOf: 1 })];
  const byId = new Map(list.map((c) => [c.id, c]));
  assert.equal(defaultPartner(conn(2, { replayOf: 1 }), byId), 1);
  assert.equal(defaultPartner(conn(1), byId), 4);
  assert.equal(defaultPartner(conn(3), byId), null);
});
