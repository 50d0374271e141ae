// The diff on small examples a person can check by eye: which hunks, where, by bytes and by
// lines, how granularity is chosen, and the hex rows a byte diff is drawn with.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseGranularity, diff } from '../../../shared/compare/diff';
import { describeHunk } from '../../../shared/compare/describe';
import { type HexRow, hexRows } from '../../../shared/compare/hex-rows';
import type { Hunk } from '../../../shared/compare/hunk';
import { checkScript } from '../../support/edit-script';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const brief = (hunks: readonly Hunk[]) =>
  hunks.map((h) => `${h.kind} ${h.a.start}-${h.a.end} ${h.b.start}-${h.b.end}`);

describe('diff examples', () => {
  it('finds the one byte a replay changed, with its offsets on both sides', () => {
    const a = bytes('GET /orders?page=1 HTTP/1.1\r\nHost: shop\r\n\r\n');
    const b = bytes('GET /orders?page=2 HTTP/1.1\r\nHost: shop\r\n\r\n');
    const r = diff(a, b, { granularity: 'bytes' });
    assert.deepEqual(brief(r.hunks), ['replace 17-18 17-18']);
    assert.deepEqual(r.stats, {
      hunks: 1,
      equal: a.length - 1,
      inserted: 0,
      deleted: 0,
      changedA: 1,
      changedB: 1,
    });
    assert.equal(r.approximate, false);
    assert.equal(describeHunk(r.hunks[0] as Hunk), '1 byte replaced by 1 byte at byte 17');
  });

  it('tells inserts and deletes apart and keeps the equal runs when asked', () => {
    const a = bytes('abcdefgh');
    const b = bytes('abXcdefh');
    const r = diff(a, b, { granularity: 'bytes', includeEqual: true });
    assert.deepEqual(brief(r.hunks), [
      'equal 0-2 0-2',
      'insert 2-2 2-3',
      'equal 2-6 3-7',
      'delete 6-7 7-7',
      'equal 7-8 7-8',
    ]);
    checkScript(a, b, r.hunks, r.stats, true);
  });

  it('diffs text by lines, with line numbers', () => {
    const a = bytes('HTTP/1.1 200 OK\nDate: Mon\nServer: x\n\n{"id":1}\n');
    const b = bytes('HTTP/1.1 200 OK\nDate: Tue\nServer: x\nVia: proxy\n\n{"id":1}\n');
    const r = diff(a, b);
    assert.equal(r.granularity, 'lines');
    assert.deepEqual(
      r.hunks.map((h) => [h.kind, h.lines?.a, h.lines?.b]),
      [
        ['replace', { start: 1, end: 2 }, { start: 1, end: 2 }],
        ['insert', { start: 3, end: 3 }, { start: 3, end: 4 }],
      ],
    );
    assert.equal(describeHunk(r.hunks[1] as Hunk), '11 bytes inserted at line 4');
    checkScript(a, b, r.hunks, r.stats);
  });

  it('a missing final newline is a changed last line', () => {
    const r = diff(bytes('a\nb\n'), bytes('a\nb'), { granularity: 'lines' });
    assert.deepEqual(brief(r.hunks), ['replace 2-4 2-3']);
  });

  it('chooses lines for text with lines, bytes for binary and for one-line text', () => {
    const text = bytes('GET /a HTTP/1.1\nHost: x\n\n');
    assert.equal(chooseGranularity(text, bytes('GET /b HTTP/1.1\nHost: x\n\n')), 'lines');
    assert.equal(chooseGranularity(text, bytes('\x00\x01\x02')), 'bytes');
    assert.equal(chooseGranularity(text, bytes('\n'.repeat(1000))), 'bytes');
    const minified = bytes(`{"k":"${'v'.repeat(20_000)}"}`);
    assert.equal(chooseGranularity(minified, minified), 'bytes');
    assert.equal(chooseGranularity(bytes(''), bytes('')), 'lines');
  });

  it('settles what it cannot afford and says the result is approximate', () => {
    const a = bytes('the quick brown fox jumps over the lazy dog');
    const b = bytes('a quick brown cat leaps over one lazy dog!');
    const exact = diff(a, b, { granularity: 'bytes' });
    const cheap = diff(a, b, { granularity: 'bytes', maxCost: 0 });
    assert.equal(exact.approximate, false);
    assert.equal(cheap.approximate, true);
    assert.deepEqual(brief(cheap.hunks), ['replace 0-43 0-42']);
    checkScript(a, b, cheap.hunks, cheap.stats);
    checkScript(a, b, exact.hunks, exact.stats);
    assert.ok(exact.stats.equal > 25, 'the exact diff keeps the shared words');
  });
});

describe('hex rows', () => {
  it('lays hunks out as aligned rows of 16 bytes', () => {
    const a = new Uint8Array(40).fill(1);
    const b = new Uint8Array([...a.subarray(0, 20), 9, 9, 9, ...a.subarray(20)]);
    const r = diff(a, b, { granularity: 'bytes' });
    const rows = hexRows(r.hunks, a.length, b.length);
    const all = Array.from({ length: rows.count }, (_, i) => rows.row(i));
    const expected: HexRow[] = [
      { kind: 'equal', a: { start: 0, end: 16 }, b: { start: 0, end: 16 } },
      { kind: 'equal', a: { start: 16, end: 20 }, b: { start: 16, end: 20 } },
      { kind: 'insert', a: null, b: { start: 20, end: 23 } },
      { kind: 'equal', a: { start: 20, end: 36 }, b: { start: 23, end: 39 } },
      { kind: 'equal', a: { start: 36, end: 40 }, b: { start: 39, end: 43 } },
    ];
    assert.deepEqual(all, expected);
    assert.equal(rows.rowOf('b', 21), 2);
    assert.equal(rows.rowOf('a', 37), 4);
  });

  it('pairs both sides of a replace row by row, the shorter side running out first', () => {
    const rows = hexRows(
      [{ kind: 'replace', a: { start: 0, end: 20 }, b: { start: 0, end: 40 }, lines: null }],
      20,
      40,
    );
    assert.equal(rows.count, 3);
    assert.deepEqual(rows.row(1), {
      kind: 'replace',
      a: { start: 16, end: 20 },
      b: { start: 16, end: 32 },
    });
    assert.deepEqual(rows.row(2), { kind: 'replace', a: null, b: { start: 32, end: 40 } });
  });

  it('folds long equal runs to context rows around a skipped row', () => {
    const size = 1024 * 1024;
    // Pseudo-random bytes: on runs of one value, a one-byte change has several minimal scripts.
    const a = new Uint8Array(size).map((_, i) => (Math.imul(i, 2654435761) >>> 24) & 255);
    const b = a.slice();
    b[100] = (a[100] ?? 0) ^ 1;
    b[size - 100] = (a[size - 100] ?? 0) ^ 1;
    const r = diff(a, b, { granularity: 'bytes' });
    const rows = hexRows(r.hunks, size, size, { context: 2 });
    const kinds = Array.from({ length: rows.count }, (_, i) => rows.row(i).kind);
    // The runs before the first and after the last change keep context on one side only.
    assert.deepEqual(kinds, [
      ...['skipped', 'equal', 'equal'],
      'replace',
      ...['equal', 'equal', 'skipped', 'equal', 'equal'],
      'replace',
      ...['equal', 'equal', 'skipped'],
    ]);
    assert.deepEqual(rows.row(0).a, { start: 0, end: 100 - 32 });
    assert.deepEqual(rows.row(6).a, { start: 101 + 32, end: size - 100 - 32 });
    assert.deepEqual(rows.row(12).b, { start: size - 99 + 32, end: size });
    assert.equal(rows.rowOf('a', size / 2), 6);
    assert.equal(rows.rowOf('b', size - 100), 9);
  });
});
