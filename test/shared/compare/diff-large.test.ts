// 50 MB pairs: a replay with a few scattered edits, two unrelated streams, and a text log with
// scattered line edits. Each must finish well within a generous ceiling (the real figures are
// printed, and measured properly by bench/compare-diff.ts), with its first hunk early, and with
// a script that still rebuilds side B exactly.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiffRun, type Granularity } from '../../../shared/compare/diff';
import { firstDifference } from '../../../shared/compare/first-difference';
import type { Hunk } from '../../../shared/compare/hunk';
import { checkScript } from '../../support/edit-script';

const SIZE = 50 * 1024 * 1024;
/** Not a speed target: only a bound that a hang or a quadratic blow-up would break. */
const CEILING_MS = 20_000;

/** Deterministic pseudo-random bytes (xorshift32), fast enough for 50 MB. */
function randomBytes(size: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, size);
}

/** `a` with a replaced byte, a 7-byte insert and a 5-byte delete at each of `count` places. */
function scatteredEdits(a: Uint8Array, count: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (let i = 1; i <= count; i++) {
    const place = Math.floor((i * a.length) / (count + 1));
    parts.push(a.subarray(at, place));
    if (i % 3 === 0)
      parts.push(new Uint8Array([1, 2, 3, 4, 5, 6, 7]), a.subarray(place, place + 1));
    else if (i % 3 === 1) parts.push(new Uint8Array([(a[place] ?? 0) ^ 0xff]));
    at = i % 3 === 2 ? place + 5 : place + 1;
  }
  parts.push(a.subarray(at));
  return Buffer.concat(parts);
}

/** About `size` bytes of an access log, line by line. */
function logText(size: number, seed: number): Uint8Array {
  const lines: string[] = [];
  let length = 0;
  let x = seed;
  while (length < size) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const line = `2024-05-01T12:${String((x >>> 8) % 60).padStart(2, '0')} GET /orders/${x % 1_000_000} 200 ${x % 9973}\n`;
    lines.push(line);
    length += line.length;
  }
  return new Uint8Array(Buffer.from(lines.join('')));
}

function withLineEdits(a: Uint8Array, count: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (let i = 1; i <= count; i++) {
    const place = a.indexOf(10, Math.floor((i * a.length) / (count + 1))) + 1;
    parts.push(a.subarray(at, place), Buffer.from(`replayed line ${i}\n`));
    // Every other edit also drops the line after it.
    at = i % 2 === 0 ? a.indexOf(10, place) + 1 : place;
  }
  parts.push(a.subarray(at));
  return Buffer.concat(parts);
}

interface Timed {
  readonly firstMs: number;
  readonly totalMs: number;
  readonly hunks: Hunk[];
  readonly run: DiffRun;
}

function timedDiff(a: Uint8Array, b: Uint8Array, granularity: Granularity): Timed {
  const started = performance.now();
  const run = new DiffRun(a, b, { granularity });
  const hunks = run.take(1);
  const firstMs = performance.now() - started;
  hunks.push(...run.take());
  return { firstMs, totalMs: performance.now() - started, hunks, run };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

describe('diff of 50 MB inputs', () => {
  const a = randomBytes(SIZE, 0x9e3779b9);

  it('a replay with scattered edits: exact, first hunk early', (t) => {
    const b = scatteredEdits(a, 30);
    const started = performance.now();
    const first = firstDifference(a, b);
    const firstDifferenceMs = performance.now() - started;
    const r = timedDiff(a, b, 'bytes');
    t.diagnostic(
      `firstDifference ${ms(firstDifferenceMs)}, first hunk ${ms(r.firstMs)}, all ${r.hunks.length} hunks ${ms(r.totalMs)}`,
    );
    assert.equal(r.hunks[0]?.a.start, first?.offset);
    assert.equal(r.run.approximate, false);
    assert.equal(
      r.run.stats.deleted + r.run.stats.inserted + r.run.stats.changedA,
      10 * 5 + 10 * 7 + 10,
    );
    checkScript(a, b, r.hunks, r.run.stats);
    assert.ok(r.totalMs < CEILING_MS, `finished in ${ms(r.totalMs)}`);
  });

  it('two unrelated streams: one replace, found in linear time', (t) => {
    const b = randomBytes(SIZE, 12345);
    const r = timedDiff(a, b, 'bytes');
    t.diagnostic(`first (and only) hunk ${ms(r.firstMs)}, all ${ms(r.totalMs)}`);
    assert.deepEqual(
      r.hunks.map((h) => h.kind),
      ['replace'],
    );
    assert.equal(r.run.approximate, true);
    checkScript(a, b, r.hunks, r.run.stats);
    assert.ok(r.totalMs < CEILING_MS, `finished in ${ms(r.totalMs)}`);
  });

  it('a text log with scattered line edits, by lines', (t) => {
    const text = logText(SIZE, 7);
    const edited = withLineEdits(text, 20);
    const r = timedDiff(text, edited, 'lines');
    t.diagnostic(`first hunk ${ms(r.firstMs)}, all ${r.hunks.length} hunks ${ms(r.totalMs)}`);
    assert.equal(r.hunks.length, 20);
    assert.deepEqual(
      r.hunks.map((h) => h.kind),
      Array.from({ length: 20 }, (_, i) => (i % 2 === 1 ? 'replace' : 'insert')),
    );
    assert.equal(r.run.approximate, false);
    checkScript(text, edited, r.hunks, r.run.stats);
    assert.ok(r.totalMs < CEILING_MS, `finished in ${ms(r.totalMs)}`);
  });
});
