// Find in payload, the pure parts: which bytes of a rendered segment or hex row are marked as a
// match (computed per range from the sorted offsets), the "3 of 17" status, and stepping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findStatus, stepIndex } from '../../renderer/src/features/payload/find/find-status';
import {
  cutsOf,
  markAt,
  matchRangesIn,
  type FindMarks,
} from '../../renderer/src/features/payload/find/match-ranges';
import { rowPieces } from '../../renderer/src/features/payload/hex/hex-pieces';

const marks = (offsets: number[], length: number, current: number | null): FindMarks => ({
  connectionId: 1,
  direction: 'in',
  offsets,
  length,
  current,
});

describe('matchRangesIn', () => {
  it('clips matches to the range and flags the current one', () => {
    const m = marks([2, 10, 30], 4, 10);
    assert.deepEqual(matchRangesIn(m, 0, 12), [
      { start: 2, end: 6, current: false },
      { start: 10, end: 12, current: true },
    ]);
    assert.deepEqual(matchRangesIn(m, 12, 32), [
      { start: 12, end: 14, current: true },
      { start: 30, end: 32, current: false },
    ]);
    assert.deepEqual(matchRangesIn(m, 14, 30), []);
  });

  it('finds a match that began before the range (binary search, not a scan from 0)', () => {
    const offsets = Array.from({ length: 100_000 }, (_, i) => i * 10);
    assert.deepEqual(matchRangesIn(marks(offsets, 6, null), 503, 512), [
      { start: 503, end: 506, current: false },
      { start: 510, end: 512, current: false },
    ]);
  });

  it('merges overlapping matches and keeps the current one whole', () => {
    const m = marks([0, 2, 4], 4, 2); // "aaaaaaaa" / "aaaa"
    assert.deepEqual(matchRangesIn(m, 0, 8), [
      { start: 0, end: 2, current: false },
      { start: 2, end: 6, current: true },
      { start: 6, end: 8, current: false },
    ]);
  });

  it('gives cut positions and a class per offset', () => {
    const ranges = matchRangesIn(marks([4], 3, 4), 0, 10);
    assert.deepEqual(cutsOf(ranges, 0), [4, 7]);
    assert.equal(markAt(ranges, 3), null);
    assert.equal(markAt(ranges, 4), 'find-current');
    assert.equal(markAt(ranges, 7), null);
    assert.equal(markAt(matchRangesIn(marks([4], 3, null), 0, 10), 5), 'find-hit');
  });
});

describe('rowPieces', () => {
  it('splits a hex row at the gap and at match edges', () => {
    assert.deepEqual(rowPieces(32, 16, null, 8), [
      { a: 0, b: 8, mark: null },
      { a: 8, b: 16, mark: null },
    ]);
    assert.deepEqual(rowPieces(32, 16, marks([38], 4, 38), 8), [
      { a: 0, b: 6, mark: null },
      { a: 6, b: 8, mark: 'find-current' },
      { a: 8, b: 10, mark: 'find-current' },
      { a: 10, b: 16, mark: null },
    ]);
    assert.deepEqual(rowPieces(0, 5, marks([3], 10, null), 8), [
      { a: 0, b: 3, mark: null },
      { a: 3, b: 5, mark: 'find-hit' },
    ]);
  });
});

describe('find status and stepping', () => {
  it('says how many matches, and whether more may follow', () => {
    const where = 'client → port';
    assert.equal(findStatus(null, -1, where), '');
    assert.equal(
      findStatus({ offsets: [], complete: true, length: 3 }, -1, where),
      'No matches in client → port',
    );
    assert.equal(
      findStatus({ offsets: [1, 5, 9], complete: true, length: 3 }, 2, where),
      '3 of 3 in client → port',
    );
    assert.equal(
      findStatus({ offsets: [1, 5], complete: false, length: 3 }, 0, where),
      '1 of 2+ in client → port',
    );
  });

  it('wraps when all matches are known, and asks for more when they are not', () => {
    const done = { offsets: [1, 5, 9], complete: true, length: 1 };
    assert.equal(stepIndex(done, 2, 1), 0);
    assert.equal(stepIndex(done, 0, -1), 2);
    assert.equal(stepIndex(done, 1, 1), 2);
    const partial = { offsets: [1, 5], complete: false, length: 1 };
    assert.equal(stepIndex(partial, 1, 1), null);
    assert.equal(stepIndex(partial, 0, -1), null);
    assert.equal(stepIndex({ offsets: [], complete: true, length: 1 }, -1, 1), null);
  });
});
