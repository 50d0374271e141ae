// The diff itself, over any two sequences: GNU diff's divide and conquer (trim equal ends, find a
// middle snake, diff both halves), run from an explicit stack so hunks come out in stream order
// as soon as each is settled, with a bounded amount of work.
//
// The work meter is what keeps a 50 MB pair from hanging: searches spend it, and once it is gone
// every region still open is settled by a cheap fallback (anchors, or one replace) and the result
// is marked approximate. A search that hits its own step limit settles its region the same way
// when the fallback finds anchors, and otherwise splits at the furthest point it reached.

import type { HunkKind } from './hunk';
import { hunkKind } from './hunk';
import { type Meter, MiddleSnake, type UnrelatedCheck } from './middle-snake';
import type { Sequences } from './sequences';

/** A hunk in element units (bytes or tokens), half-open ranges of A and B. */
export interface RawHunk {
  readonly kind: HunkKind;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** A region a fallback hands back: left open (diffed further) or settled as one change. */
export interface Region {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly settled: boolean;
}

/**
 * Cuts [x0, x1) × [y0, y1) into regions, in order, with equal runs of the same length on both
 * sides between them (and before the first, after the last); null when it finds nothing to cut
 * at. `final` is set once the meter is spent: every region returned should then be settled.
 */
export type Fallback = (
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  context: { readonly final: boolean; readonly longestRun: number; readonly meter: Meter },
) => readonly Region[] | null;

export interface EngineOptions {
  /** Edit steps one middle-snake search may take before it splits heuristically. */
  readonly searchLimit: number;
  /** Work left (shared by runs that make up one diff): once spent, regions are settled cheaply. */
  readonly meter: Meter;
  readonly fallback: Fallback | null;
  readonly unrelated: UnrelatedCheck | null;
}

/** What the caller can read while hunks are still coming. */
export interface EngineState {
  /** Set once any region is settled without a minimal search: the script is valid, not minimal. */
  approximate: boolean;
}

type Item =
  | {
      readonly kind: 'open';
      readonly x0: number;
      readonly x1: number;
      readonly y0: number;
      readonly y1: number;
      /** Settle what is left after trimming equal ends as one change, without a search. */
      readonly settle: boolean;
    }
  | { readonly kind: 'equal'; readonly x0: number; readonly y0: number; readonly length: number };

interface Pending {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function changeHunk(p: Pending, kind: HunkKind = hunkKind(p.x1 - p.x0, p.y1 - p.y0)): RawHunk {
  return { kind, x0: p.x0, x1: p.x1, y0: p.y0, y1: p.y1 };
}

export function* runDiff(
  seq: Sequences,
  options: EngineOptions,
  state: EngineState,
): Generator<RawHunk, void, undefined> {
  const search = new MiddleSnake(seq, options.searchLimit, options.unrelated);
  const fallback = options.fallback;
  const meter = options.meter;
  // The change being grown (changes settled back to back are one hunk), or the equal run.
  let pending: Pending | null = null;
  let equal: Pending | null = null;
  const stack: Item[] = [
    { kind: 'open', x0: 0, x1: seq.aLength, y0: 0, y1: seq.bLength, settle: false },
  ];

  /** Pushes a fallback's regions and the equal runs around them, to be taken in order. */
  const pushRegions = (
    regions: readonly Region[],
    x0: number,
    x1: number,
    y0: number,
    y1: number,
  ) => {
    let nextX = x1;
    let nextY = y1;
    for (let i = regions.length - 1; i >= -1; i--) {
      const r = i >= 0 ? regions[i] : undefined;
      const endX = r ? r.x1 : x0;
      const endY = r ? r.y1 : y0;
      const gap = nextX - endX;
      if (gap < 0 || gap !== nextY - endY)
        throw new Error('fallback regions not separated by equal runs');
      if (gap > 0) stack.push({ kind: 'equal', x0: endX, y0: endY, length: gap });
      if (!r) break;
      // A region as large as the whole would be handed back forever: settle it.
      const whole = r.x0 === x0 && r.x1 === x1 && r.y0 === y0 && r.y1 === y1;
      stack.push({
        kind: 'open',
        x0: r.x0,
        x1: r.x1,
        y0: r.y0,
        y1: r.y1,
        settle: r.settled || whole,
      });
      nextX = r.x0;
      nextY = r.y0;
    }
  };

  for (;;) {
    const item = stack.pop();
    if (item === undefined) break;
    if (item.kind === 'equal') {
      // An equal run ends whatever change was pending (and runs back to back are one).
      if (pending) yield changeHunk(pending);
      pending = null;
      const { x0, y0, length } = item;
      if (equal && equal.x1 === x0 && equal.y1 === y0) {
        equal.x1 += length;
        equal.y1 += length;
      } else {
        if (equal) yield changeHunk(equal, 'equal');
        equal = { x0, x1: x0 + length, y0, y1: y0 + length };
      }
      continue;
    }
    const { x0, y0 } = item;
    let { x1, y1 } = item;
    const prefix = x0 < x1 && y0 < y1 ? seq.forward(x0, y0, Math.min(x1 - x0, y1 - y0)) : 0;
    const suffix =
      x0 + prefix < x1 && y0 + prefix < y1
        ? seq.backward(x1, y1, Math.min(x1 - x0, y1 - y0) - prefix)
        : 0;
    meter.remaining -= (prefix + suffix) >> 6;
    if (suffix > 0) stack.push({ kind: 'equal', x0: x1 - suffix, y0: y1 - suffix, length: suffix });
    x1 -= suffix;
    y1 -= suffix;
    if (prefix > 0) {
      // Yield the equal run before working on the rest, so a pending change goes out now.
      stack.push({ ...item, x0: x0 + prefix, x1, y0: y0 + prefix, y1 });
      stack.push({ kind: 'equal', x0, y0, length: prefix });
      continue;
    }
    if (x0 === x1 && y0 === y1) continue;
    if (x0 < x1 && y0 < y1 && !item.settle) {
      let regions: readonly Region[] | null = null;
      let split: { x: number; y: number } | null = null;
      if (meter.remaining <= 0) {
        state.approximate = true;
        regions = fallback?.(x0, x1, y0, y1, { final: true, longestRun: 0, meter }) ?? null;
      } else {
        const found = search.find(x0, x1, y0, y1, meter);
        // A split at a corner would not make the region smaller (never expected): settle it.
        const corner = (found.x === x0 && found.y === y0) || (found.x === x1 && found.y === y1);
        split = corner ? null : found;
        if (found.kind === 'heuristic') {
          state.approximate = true;
          const context = { final: meter.remaining <= 0, longestRun: found.longestRun, meter };
          regions = fallback?.(x0, x1, y0, y1, context) ?? null;
        }
      }
      if (regions && regions.length > 0) {
        pushRegions(regions, x0, x1, y0, y1);
        continue;
      }
      if (split) {
        stack.push({ kind: 'open', x0: split.x, x1, y0: split.y, y1, settle: false });
        stack.push({ kind: 'open', x0, x1: split.x, y0, y1: split.y, settle: false });
        continue;
      }
    }
    // A settled change: one side empty, or given up on.
    if (equal) yield changeHunk(equal, 'equal');
    equal = null;
    if (pending && pending.x1 === x0 && pending.y1 === y0) {
      pending.x1 = x1;
      pending.y1 = y1;
    } else {
      if (pending) yield changeHunk(pending);
      pending = { x0, x1, y0, y1 };
    }
  }
  if (pending) yield changeHunk(pending);
  if (equal) yield changeHunk(equal, 'equal');
}
