// Checks for the compare tests: an edit script applied to side A must give side B exactly, its
// hunks must be in order with equal runs between them, and its counts must add up.

import assert from 'node:assert/strict';
import type { DiffStats, Hunk } from '../../shared/compare/hunk';

/** A Buffer over the same memory (Buffer.from(view) would copy 50 MB inputs). */
const wrap = (v: Uint8Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.length);

/** Bytes of B rebuilt from A's equal runs and B's change ranges (throws on a malformed script). */
function applyScript(a: Uint8Array, b: Uint8Array, hunks: readonly Hunk[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let x = 0;
  let y = 0;
  for (const h of hunks) {
    if (h.kind === 'equal') continue;
    assert.ok(h.a.start >= x && h.b.start >= y, `hunk ${JSON.stringify(h)} out of order`);
    assert.equal(
      h.a.start - x,
      h.b.start - y,
      `equal run before ${JSON.stringify(h)} has one length`,
    );
    parts.push(a.subarray(x, h.a.start), b.subarray(h.b.start, h.b.end));
    x = h.a.end;
    y = h.b.end;
  }
  assert.equal(a.length - x, b.length - y, 'equal run at the end has one length');
  parts.push(a.subarray(x));
  return Buffer.concat(parts);
}

function linesIn(bytes: Uint8Array, start: number, end: number): number {
  let lines = 0;
  for (let i = start; i < end; i++) if (bytes[i] === 10) lines++;
  return end > start && bytes[end - 1] !== 10 ? lines + 1 : lines;
}

/**
 * Everything an edit script promises: it rebuilds B, its hunks are well formed (kinds match
 * their spans, equal hunks hold equal bytes, changes never touch), and `stats` add up.
 * `full` when equal hunks were asked for: then the hunks cover both sides end to end.
 */
export function checkScript(
  a: Uint8Array,
  b: Uint8Array,
  hunks: readonly Hunk[],
  stats: DiffStats | null,
  full = false,
): void {
  assert.ok(wrap(applyScript(a, b, hunks)).equals(b), 'the script rebuilds B');
  let previous: Hunk | null = null;
  const counted = { hunks: 0, equal: 0, inserted: 0, deleted: 0, changedA: 0, changedB: 0 };
  for (const h of hunks) {
    const la = h.a.end - h.a.start;
    const lb = h.b.end - h.b.start;
    assert.ok(la > 0 || lb > 0, 'no empty hunk');
    if (h.kind === 'equal') {
      assert.equal(la, lb);
      assert.ok(previous?.kind !== 'equal', 'equal runs next to each other are one hunk');
      assert.ok(wrap(a.subarray(h.a.start, h.a.end)).equals(b.subarray(h.b.start, h.b.end)));
      counted.equal += la;
    } else {
      counted.hunks++;
      if (h.kind === 'insert') assert.ok(la === 0 && lb > 0, 'insert spans');
      if (h.kind === 'delete') assert.ok(la > 0 && lb === 0, 'delete spans');
      if (h.kind === 'replace') assert.ok(la > 0 && lb > 0, 'replace spans');
      if (previous && previous.kind !== 'equal') {
        const touching = previous.a.end === h.a.start && previous.b.end === h.b.start;
        assert.ok(!touching, 'changes next to each other are one hunk');
      }
      counted.inserted += h.kind === 'insert' ? lb : 0;
      counted.deleted += h.kind === 'delete' ? la : 0;
      counted.changedA += h.kind === 'replace' ? la : 0;
      counted.changedB += h.kind === 'replace' ? lb : 0;
    }
    if (full && previous) {
      assert.equal(h.a.start, previous.a.end, 'hunks cover A end to end');
      assert.equal(h.b.start, previous.b.end, 'hunks cover B end to end');
      if (h.lines && previous.lines) {
        assert.equal(h.lines.a.start, previous.lines.a.end, 'line numbers run on');
        assert.equal(h.lines.b.start, previous.lines.b.end, 'line numbers run on');
      }
    }
    if (h.lines) {
      assert.equal(h.lines.a.end - h.lines.a.start, linesIn(a, h.a.start, h.a.end), 'lines of A');
      assert.equal(h.lines.b.end - h.lines.b.start, linesIn(b, h.b.start, h.b.end), 'lines of B');
    }
    previous = h;
  }
  if (full) {
    assert.equal(hunks[0]?.a.start ?? 0, 0);
    assert.equal(hunks.at(-1)?.a.end ?? 0, a.length);
    assert.equal(hunks.at(-1)?.b.end ?? 0, b.length);
  }
  if (stats) {
    if (full) assert.deepEqual(stats, counted);
    else assert.deepEqual({ ...stats, equal: counted.equal }, counted);
    assert.equal(stats.equal + stats.deleted + stats.changedA, a.length, 'A adds up');
    assert.equal(stats.equal + stats.inserted + stats.changedB, b.length, 'B adds up');
  }
}
