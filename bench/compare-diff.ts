// Comparing two 50 MB streams (shared/compare), against Buffer.compare over the same bytes in
// the same run: memcmp is the floor for "are these the same, and where do they part".
// - firstDifference on a replay with scattered edits, against Buffer.compare of that pair (which
//   stops at the same first difference but cannot say where it is);
// - the full diff, and its first hunk, for a replay with scattered edits (bytes), two unrelated
//   streams (bytes) and a text log with scattered line edits (lines), against Buffer.compare of
//   two identical 50 MB buffers (one whole pass).
// Run alone: node --import tsx bench/compare-diff.ts
import { fileURLToPath } from 'node:url';
import { DiffRun, type Granularity } from '../shared/compare/diff';
import { firstDifference } from '../shared/compare/first-difference';
import { median } from './median';

const SIZE = 50 * 1024 * 1024;
const ROUNDS = 5;

/** Deterministic pseudo-random bytes (xorshift32). */
function randomBytes(size: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, size);
}

/** A replay: 30 edits spread evenly (a changed byte, a 7-byte insert, a 5-byte delete). */
function scatteredEdits(a: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (let i = 1; i <= 30; i++) {
    const place = Math.floor((i * a.length) / 31);
    parts.push(a.subarray(at, place));
    if (i % 3 === 0) parts.push(Buffer.from('inserts'), a.subarray(place, place + 1));
    else if (i % 3 === 1) parts.push(new Uint8Array([(a[place] ?? 0) ^ 0xff]));
    at = i % 3 === 2 ? place + 5 : place + 1;
  }
  parts.push(a.subarray(at));
  return Buffer.concat(parts);
}

function logText(size: number): Uint8Array {
  const lines: string[] = [];
  let length = 0;
  let x = 7;
  while (length < size) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const line = `2024-05-01T12:${String((x >>> 8) % 60).padStart(2, '0')} GET /orders/${x % 1_000_000} 200 ${x % 9973}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join(''));
}

/** 20 lines inserted (every other one replacing the line after it). */
function lineEdits(a: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (let i = 1; i <= 20; i++) {
    const place = a.indexOf(10, Math.floor((i * a.length) / 21)) + 1;
    parts.push(a.subarray(at, place), Buffer.from(`replayed line ${i}\n`));
    at = i % 2 === 0 ? a.indexOf(10, place) + 1 : place;
  }
  parts.push(a.subarray(at));
  return Buffer.concat(parts);
}

const wrap = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.length);

function timeMs(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

interface DiffCase {
  readonly label: string;
  readonly granularity: Granularity;
  readonly hunks: number;
  readonly approximate: boolean;
  /** Medians of the rounds. */
  readonly firstHunkMs: number;
  readonly totalMs: number;
  readonly totalSamplesMs: readonly number[];
}

export interface CompareDiffResult {
  readonly bytes: number;
  readonly rounds: number;
  /** Buffer.compare of two identical 50 MB buffers: one whole memcmp pass (baseline). */
  readonly fullScanMs: number;
  /** Buffer.compare of the scattered-edit pair: memcmp up to the first difference. */
  readonly toFirstScanMs: number;
  readonly firstDifferenceMs: number;
  readonly firstDifferenceOffset: number;
  readonly cases: readonly DiffCase[];
}

function measureCase(
  label: string,
  a: Uint8Array,
  b: Uint8Array,
  granularity: Granularity,
): DiffCase {
  const first: number[] = [];
  const total: number[] = [];
  let hunks = 0;
  let approximate = false;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const run = new DiffRun(a, b, { granularity });
    hunks = run.take(1).length;
    first.push(performance.now() - start);
    hunks += run.take().length;
    total.push(performance.now() - start);
    approximate = run.approximate;
  }
  return {
    label,
    granularity,
    hunks,
    approximate,
    firstHunkMs: median(first),
    totalMs: median(total),
    totalSamplesMs: total,
  };
}

export function measureCompareDiff(): CompareDiffResult {
  const a = randomBytes(SIZE, 0x9e3779b9);
  const same = a.slice();
  const edited = scatteredEdits(a);
  const unrelated = randomBytes(SIZE, 12345);
  const text = logText(SIZE);
  const textEdited = lineEdits(text);
  const rounds = Array.from({ length: ROUNDS }, () => 0);
  const fullScanMs = median(rounds.map(() => timeMs(() => wrap(a).compare(same))));
  const toFirstScanMs = median(rounds.map(() => timeMs(() => wrap(a).compare(edited))));
  let firstDifferenceOffset = -1;
  const firstDifferenceMs = median(
    rounds.map(() =>
      timeMs(() => (firstDifferenceOffset = firstDifference(a, edited)?.offset ?? -1)),
    ),
  );
  const cases = [
    measureCase('replay, 30 scattered edits', a, edited, 'bytes'),
    measureCase('unrelated streams', a, unrelated, 'bytes'),
    measureCase('text log, 20 line edits', text, textEdited, 'lines'),
  ];
  return {
    bytes: SIZE,
    rounds: ROUNDS,
    fullScanMs,
    toFirstScanMs,
    firstDifferenceMs,
    firstDifferenceOffset,
    cases,
  };
}

/** Lines for the report: medians, and ratios to the memcmp baselines of the same run. */
export function compareDiffReport(r: CompareDiffResult): string[] {
  const f1 = (x: number) => x.toFixed(1);
  const ratio = (x: number, base: number) => (x / base).toFixed(2);
  return [
    `Compare two ${r.bytes / 1024 / 1024} MiB streams (shared/compare), median of ${r.rounds}:`,
    `  Buffer.compare, identical buffers (baseline: one full pass)  ${f1(r.fullScanMs)} ms`,
    `  Buffer.compare up to the first difference (byte ${r.firstDifferenceOffset.toLocaleString('en')})  ${f1(r.toFirstScanMs)} ms`,
    `  firstDifference, same pair        ${f1(r.firstDifferenceMs)} ms, ratio ${ratio(r.firstDifferenceMs, r.toFirstScanMs)} to Buffer.compare`,
    ...r.cases.map(
      (c) =>
        `  diff by ${c.granularity.padEnd(5)}, ${c.label.padEnd(27)} first hunk ${f1(c.firstHunkMs)} ms, all ${c.hunks} hunks ${f1(c.totalMs)} ms (rounds ${f1(Math.min(...c.totalSamplesMs))}–${f1(Math.max(...c.totalSamplesMs))}), ${ratio(c.totalMs, r.fullScanMs)}× a full pass${c.approximate ? ', approximate' : ''}`,
    ),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of compareDiffReport(measureCompareDiff())) console.log(line);
}
