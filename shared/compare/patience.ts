// Patience anchoring (Bram Cohen's patience diff, as in git's --patience): tokens that occur
// exactly once on each side of a region are paired, and the longest run of pairs in the same
// order on both sides becomes the anchors. It costs O(n log n) however different the sides
// are, so it is what settles text regions a bounded Myers search gave up on, and it lines up
// the lines a reader recognises (unique lines, not braces and blank lines).

import type { Fallback, Region } from './diff-engine';

/**
 * A fallback for token sequences whose tokens are ids in [0, idCount). The regions between
 * anchors are left open while work remains, and settled once the meter is spent.
 */
export function patienceFallback(a: Int32Array, b: Int32Array, idCount: number): Fallback {
  // Scratch indexed by token id, cleared after each use (cost stays proportional to the region).
  let countA: Int32Array | null = null;
  let countB: Int32Array | null = null;
  let position: Int32Array | null = null;
  return (x0, x1, y0, y1, { final, meter }) => {
    countA ??= new Int32Array(idCount);
    countB ??= new Int32Array(idCount);
    position ??= new Int32Array(idCount);
    meter.remaining -= 2 * (x1 - x0 + (y1 - y0));
    const { anchors, shared } = uniqueAnchors(a, b, x0, x1, y0, y1, countA, countB, position);
    // No line in common at all: one replace is the whole (and minimal) answer.
    if (!shared) return [{ x0, x1, y0, y1, settled: true }];
    if (anchors.length === 0) return null;
    const regions: Region[] = [];
    let px = x0;
    let py = y0;
    for (let i = 0; i <= anchors.length; i += 2) {
      const ax = i < anchors.length ? (anchors[i] ?? x1) : x1;
      const ay = i < anchors.length ? (anchors[i + 1] ?? y1) : y1;
      if (ax > px || ay > py) regions.push({ x0: px, x1: ax, y0: py, y1: ay, settled: final });
      px = ax + 1;
      py = ay + 1;
    }
    return regions;
  };
}

/**
 * Anchors as a flat list x0, y0, x1, y1, … increasing on both sides, and whether the sides
 * share any token at all.
 */
function uniqueAnchors(
  a: Int32Array,
  b: Int32Array,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  countA: Int32Array,
  countB: Int32Array,
  position: Int32Array,
): { anchors: number[]; shared: boolean } {
  for (let i = x0; i < x1; i++) {
    const t = a[i] ?? 0;
    countA[t] = (countA[t] ?? 0) + 1;
    position[t] = i;
  }
  for (let j = y0; j < y1; j++) {
    const t = b[j] ?? 0;
    countB[t] = (countB[t] ?? 0) + 1;
  }
  // Pairs in B's order; their A positions, of which we want the longest increasing run.
  const xs: number[] = [];
  const ys: number[] = [];
  let shared = false;
  for (let j = y0; j < y1; j++) {
    const t = b[j] ?? 0;
    const inA = countA[t] ?? 0;
    if (inA > 0) shared = true;
    if (inA === 1 && countB[t] === 1) {
      xs.push(position[t] ?? 0);
      ys.push(j);
    }
  }
  for (let i = x0; i < x1; i++) countA[a[i] ?? 0] = 0;
  for (let j = y0; j < y1; j++) countB[b[j] ?? 0] = 0;
  const chain = longestIncreasing(xs);
  const anchors: number[] = [];
  for (const k of chain) anchors.push(xs[k] ?? 0, ys[k] ?? 0);
  return { anchors, shared };
}

/** Indices of a longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = []; // index of the smallest tail of an increasing run of each length
  const previous = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] ?? 0] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tails[lo - 1] ?? -1) : -1;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let k = tails[tails.length - 1] ?? -1; k >= 0; k = previous[k] ?? -1) out.push(k);
  return out.reverse();
}
