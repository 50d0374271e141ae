// Next / previous connection over the ids the list shows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { steppedId } from '../../renderer/src/features/shortcuts/connection-step';

describe('steppedId', () => {
  const ids = [2, 5, 9, 14];
  test('steps one row either way and stops at the ends', () => {
    assert.equal(steppedId(ids, 5, 1), 9);
    assert.equal(steppedId(ids, 5, -1), 2);
    assert.equal(steppedId(ids, 14, 1), null);
    assert.equal(steppedId(ids, 2, -1), null);
  });

  test('with nothing selected, next is the first row and previous the last', () => {
    assert.equal(steppedId(ids, null, 1), 2);
    assert.equal(steppedId(ids, null, -1), 14);
  });

  test('a selection the filter hides steps to its nearest shown neighbour', () => {
    assert.equal(steppedId(ids, 7, 1), 9);
    assert.equal(steppedId(ids, 7, -1), 5);
    assert.equal(steppedId(ids, 1, -1), null);
    assert.equal(steppedId(ids, 20, 1), null);
  });

  test('an empty list goes nowhere', () => {
    assert.equal(steppedId([], null, 1), null);
    assert.equal(steppedId([], 3, -1), null);
  });
});
