// Line granularity. A byte diff runs first (on a third of the budget), only to find long
// identical runs: those, cut back to whole lines, become anchors, and the segments between them
// are tokenised and diffed by lines. A replay that differs in a few places thus tokenises a few
// small segments instead of 2 × 50 MB, and its first line hunk comes out as soon as the byte diff
// has passed it. Two texts with nothing long in common make one segment: a plain line diff.

import type { Budget } from './byte-diff';
import { byteEngine } from './byte-diff';
import { type EngineState, type RawHunk, runDiff } from './diff-engine';
import type { Hunk } from './hunk';
import { lineTokens } from './line-tokens';
import type { Meter } from './middle-snake';
import { patienceFallback } from './patience';
import { TokenSequences } from './sequences';

const LF = 10;
/** Identical runs at least this long anchor the line diff. */
const ANCHOR_BYTES = 64 * 1024;

/** Lines starting in bytes[start, end), where `start` is a line start. */
function countLines(bytes: Uint8Array, start: number, end: number): number {
  let lines = 0;
  for (let at = start; at < end; lines++) {
    const nl = bytes.indexOf(LF, at);
    at = nl < 0 || nl >= end ? end : nl + 1;
  }
  return lines;
}

/** Where a segment starts: byte offsets and line numbers on both sides. */
interface Cursor {
  x: number;
  y: number;
  aLine: number;
  bLine: number;
}

/** An equal byte run cut back to whole lines on both sides, or null when none is left. */
function wholeLines(a: Uint8Array, b: Uint8Array, run: RawHunk): { x0: number; x1: number } | null {
  const { x0, x1, y0, y1 } = run;
  // Inside the run both sides hold the same bytes, so a line start in A is one in B.
  let first = x0;
  if (!((x0 === 0 || a[x0 - 1] === LF) && (y0 === 0 || b[y0 - 1] === LF))) {
    const nl = a.indexOf(LF, x0);
    if (nl < 0 || nl >= x1) return null;
    first = nl + 1;
  }
  let last = x1;
  const atBothEnds = x1 === a.length && y1 === b.length;
  if (!atBothEnds && a[x1 - 1] !== LF) {
    const nl = a.lastIndexOf(LF, x1 - 1);
    if (nl < x0) return null;
    last = nl + 1;
  }
  return last > first ? { x0: first, x1: last } : null;
}

/** Line-diffs a[c.x, xEnd) against b[c.y, yEnd), yielding hunks in whole-stream units. */
function* segment(
  a: Uint8Array,
  b: Uint8Array,
  c: Cursor,
  xEnd: number,
  yEnd: number,
  searchLimit: number,
  meter: Meter,
  state: EngineState,
): Generator<Hunk, void, undefined> {
  const tokens = lineTokens(a.subarray(c.x, xEnd), b.subarray(c.y, yEnd));
  const seq = new TokenSequences(tokens.a, tokens.b);
  const fallback = patienceFallback(tokens.a, tokens.b, tokens.idCount);
  for (const h of runDiff(seq, { searchLimit, meter, fallback, unrelated: null }, state)) {
    yield {
      kind: h.kind,
      a: { start: c.x + (tokens.aStarts[h.x0] ?? 0), end: c.x + (tokens.aStarts[h.x1] ?? 0) },
      b: { start: c.y + (tokens.bStarts[h.y0] ?? 0), end: c.y + (tokens.bStarts[h.y1] ?? 0) },
      lines: {
        a: { start: c.aLine + h.x0, end: c.aLine + h.x1 },
        b: { start: c.bLine + h.y0, end: c.bLine + h.y1 },
      },
    };
  }
  c.x = xEnd;
  c.y = yEnd;
  c.aLine += tokens.a.length;
  c.bLine += tokens.b.length;
}

function* unmerged(
  a: Uint8Array,
  b: Uint8Array,
  budget: Budget,
  state: EngineState,
): Generator<Hunk, void, undefined> {
  // The byte pass's own shortcuts do not make the line diff approximate: it only finds anchors.
  const byteState: EngineState = { approximate: false };
  const byteMeter = { remaining: budget.maxCost / 3 };
  const lineMeter = { remaining: budget.maxCost };
  const c: Cursor = { x: 0, y: 0, aLine: 0, bLine: 0 };
  for (const run of byteEngine(a, b, budget.searchLimit, byteMeter, byteState)) {
    if (run.kind !== 'equal' || run.x1 - run.x0 < ANCHOR_BYTES) continue;
    const anchor = wholeLines(a, b, run);
    if (!anchor) continue;
    const y0 = anchor.x0 - run.x0 + run.y0;
    const y1 = anchor.x1 - run.x0 + run.y0;
    if (anchor.x0 > c.x || y0 > c.y) {
      yield* segment(a, b, c, anchor.x0, y0, budget.searchLimit, lineMeter, state);
    }
    const lines = countLines(a, anchor.x0, anchor.x1);
    yield {
      kind: 'equal',
      a: { start: anchor.x0, end: anchor.x1 },
      b: { start: y0, end: y1 },
      lines: {
        a: { start: c.aLine, end: c.aLine + lines },
        b: { start: c.bLine, end: c.bLine + lines },
      },
    };
    c.x = anchor.x1;
    c.y = y1;
    c.aLine += lines;
    c.bLine += lines;
  }
  if (c.x < a.length || c.y < b.length) {
    yield* segment(a, b, c, a.length, b.length, budget.searchLimit, lineMeter, state);
  }
}

function mergeEqual(x: Hunk, y: Hunk): Hunk {
  return {
    kind: 'equal',
    a: { start: x.a.start, end: y.a.end },
    b: { start: x.b.start, end: y.b.end },
    lines: {
      a: { start: x.lines?.a.start ?? 0, end: y.lines?.a.end ?? 0 },
      b: { start: x.lines?.b.start ?? 0, end: y.lines?.b.end ?? 0 },
    },
  };
}

export function* lineHunks(
  a: Uint8Array,
  b: Uint8Array,
  budget: Budget,
  state: EngineState,
): Generator<Hunk, void, undefined> {
  // An anchor meets the equal lines its segments end or start with: one equal hunk for both.
  let equal: Hunk | null = null;
  for (const h of unmerged(a, b, budget, state)) {
    if (h.kind === 'equal') {
      equal = equal ? mergeEqual(equal, h) : h;
      continue;
    }
    if (equal) yield equal;
    equal = null;
    yield h;
  }
  if (equal) yield equal;
}
