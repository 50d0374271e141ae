// Myers' O(ND) middle snake in linear space (E. Myers, "An O(ND) Difference Algorithm and Its
// Variations", 1986, §4b), searched from both corners at once as GNU diff's diffseq.h does. The
// search is bounded: after `limit` edit steps, or when the work meter runs dry, it gives up on
// a minimal split and answers the diagonal point that got furthest (GNU's "too expensive"
// heuristic), so one search never costs more than about limit² steps and never hangs.
//
// Its diagonal vectors hold only the 2·limit+5 diagonals a bounded search can reach around each
// corner's centre diagonal, not one per element: memory is O(limit) whatever the input size.

import type { Sequences } from './sequences';

/** Work left for the whole diff, in steps: one diagonal visited, or 64 elements of an equal run. */
export interface Meter {
  remaining: number;
}

export type Split =
  /** On a minimal edit path: the two halves are diffed on their own. */
  | { readonly kind: 'exact'; readonly x: number; readonly y: number }
  /**
   * The search gave up: the best point reached, and the longest equal run it saw (a short one
   * means the two regions look unrelated near both corners).
   */
  | {
      readonly kind: 'heuristic';
      readonly x: number;
      readonly y: number;
      readonly longestRun: number;
    };

const NONE_BACKWARD = 0x7fffffff;

/**
 * Give up early on regions that look unrelated: after `steps` edit steps, when no equal run of
 * `below` elements was seen from either corner. Bytes use it (their fallback finds shared
 * blocks in linear time); a full search there would only pair bytes that match by chance.
 */
export interface UnrelatedCheck {
  readonly steps: number;
  readonly below: number;
}

export class MiddleSnake {
  private readonly seq: Sequences;
  private readonly limit: number;
  /** Index in fd/bd of a corner's centre diagonal. */
  private readonly centre: number;
  private readonly fd: Int32Array;
  private readonly bd: Int32Array;
  private readonly unrelated: UnrelatedCheck | null;

  constructor(seq: Sequences, limit: number, unrelated: UnrelatedCheck | null) {
    this.seq = seq;
    this.unrelated = unrelated;
    this.limit = Math.max(1, Math.floor(limit));
    this.centre = this.limit + 2;
    this.fd = new Int32Array(2 * this.centre + 1);
    this.bd = new Int32Array(2 * this.centre + 1);
  }

  /**
   * A split point of [xoff, xlim) × [yoff, ylim), whose equal ends the caller has trimmed and
   * whose ranges are both non-empty. (A search stopped before reaching any diagonal answers a
   * corner; the caller settles the region then, as a split there would not shrink it.)
   */
  find(xoff: number, xlim: number, yoff: number, ylim: number, meter: Meter): Split {
    const { seq, fd, bd, limit, unrelated } = this;
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    // fd[d + fo] is the furthest x reached on diagonal d (x - y = d) from the top-left corner,
    // bd[d + bo] the smallest x reached from the bottom-right one.
    const fo = this.centre - fmid;
    const bo = this.centre - bmid;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    // Whether the forward and backward searches meet after the forward or the backward step.
    const odd = ((fmid - bmid) & 1) !== 0;
    let longestRun = 0;
    fd[fmid + fo] = xoff;
    bd[bmid + bo] = xlim;
    for (let c = 1; ; c++) {
      let work = 0;
      // Checked per diagonal, not per step: on periodic data every diagonal can hold a long run.
      let spent = false;
      if (fmin > dmin) fd[--fmin - 1 + fo] = -1;
      else ++fmin;
      if (fmax < dmax) fd[++fmax + 1 + fo] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd[d - 1 + fo] ?? -1;
        const thi = fd[d + 1 + fo] ?? -1;
        const x0 = tlo < thi ? thi : tlo + 1;
        const y0 = x0 - d;
        const max = Math.min(xlim - x0, ylim - y0);
        const run = max > 0 ? seq.forward(x0, y0, max) : 0;
        const x = x0 + run;
        if (run > longestRun) longestRun = run;
        work += 1 + (run >> 6);
        fd[d + fo] = x;
        if (odd && bmin <= d && d <= bmax && (bd[d + bo] ?? NONE_BACKWARD) <= x) {
          meter.remaining -= work;
          return { kind: 'exact', x, y: x - d };
        }
        if (work >= meter.remaining) {
          spent = true;
          break;
        }
      }
      if (!spent) {
        if (bmin > dmin) bd[--bmin - 1 + bo] = NONE_BACKWARD;
        else ++bmin;
        if (bmax < dmax) bd[++bmax + 1 + bo] = NONE_BACKWARD;
        else --bmax;
      }
      for (let d = bmax; !spent && d >= bmin; d -= 2) {
        const tlo = bd[d - 1 + bo] ?? NONE_BACKWARD;
        const thi = bd[d + 1 + bo] ?? NONE_BACKWARD;
        const x0 = tlo < thi ? tlo : thi - 1;
        const y0 = x0 - d;
        const max = Math.min(x0 - xoff, y0 - yoff);
        const run = max > 0 ? seq.backward(x0, y0, max) : 0;
        const x = x0 - run;
        if (run > longestRun) longestRun = run;
        work += 1 + (run >> 6);
        bd[d + bo] = x;
        if (!odd && fmin <= d && d <= fmax && x <= (fd[d + fo] ?? -1)) {
          meter.remaining -= work;
          return { kind: 'exact', x, y: x - d };
        }
        if (work >= meter.remaining) spent = true;
      }
      meter.remaining -= work;
      const looksUnrelated = unrelated && c === unrelated.steps && longestRun < unrelated.below;
      if (spent || c >= limit || meter.remaining <= 0 || looksUnrelated) {
        return this.furthest(xoff, xlim, yoff, ylim, fmin, fmax, bmin, bmax, longestRun);
      }
    }
  }

  /**
   * GNU's fallback: the forward or backward point with the most progress from its corner. A
   * search stopped mid-step leaves some diagonals at their sentinels: those are skipped.
   */
  private furthest(
    xoff: number,
    xlim: number,
    yoff: number,
    ylim: number,
    fmin: number,
    fmax: number,
    bmin: number,
    bmax: number,
    longestRun: number,
  ): Split {
    const { fd, bd } = this;
    const fo = this.centre - (xoff - yoff);
    const bo = this.centre - (xlim - ylim);
    // Starting from the corners: if no diagonal was reached, the answer is a corner (settled).
    let fxyBest = xoff + yoff;
    let fxBest = xoff;
    for (let d = fmax; d >= fmin; d -= 2) {
      const reached = fd[d + fo] ?? -1;
      if (reached < xoff) continue;
      let x = Math.min(reached, xlim);
      let y = x - d;
      if (ylim < y) {
        x = ylim + d;
        y = ylim;
      }
      if (fxyBest < x + y) {
        fxyBest = x + y;
        fxBest = x;
      }
    }
    let bxyBest = xlim + ylim;
    let bxBest = xlim;
    for (let d = bmax; d >= bmin; d -= 2) {
      const reached = bd[d + bo] ?? NONE_BACKWARD;
      if (reached > xlim) continue;
      let x = Math.max(xoff, reached);
      let y = x - d;
      if (y < yoff) {
        x = yoff + d;
        y = yoff;
      }
      if (x + y < bxyBest) {
        bxyBest = x + y;
        bxBest = x;
      }
    }
    return xlim + ylim - bxyBest < fxyBest - (xoff + yoff)
      ? { kind: 'heuristic', x: fxBest, y: fxyBest - fxBest, longestRun }
      : { kind: 'heuristic', x: bxBest, y: bxyBest - bxBest, longestRun };
  }
}
