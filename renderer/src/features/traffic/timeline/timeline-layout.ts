// Where lanes and rows sit vertically, and which bar is under a point. Lanes follow the ports
// panel's order (ports no longer listed go last); each lane is a label band and its rows.
import { REMOVED } from './bar-state';
import type { TimelineIndex } from './timeline-index';

/** CSS pixels. */
export const AXIS_HEIGHT = 20;
export const LANE_HEADER = 18;
export const ROW_PITCH = 10;
export const LANE_GAP = 6;

interface LaneBox {
  readonly lane: number;
  /** Top of the lane's label band, in content coordinates (before vertical scrolling). */
  readonly top: number;
  readonly rows: number;
}

export interface TimelineLayout {
  readonly lanes: readonly LaneBox[];
  /** Height of all lanes together. */
  readonly height: number;
}

export function layoutLanes(index: TimelineIndex, order: readonly string[]): TimelineLayout {
  const rank = new Map(order.map((key, i) => [key, i]));
  const lanes = index.lanes
    .map((lane, i) => ({ lane: i, key: lane.key, rows: lane.rows.length, count: lane.count }))
    .filter((l) => l.count > 0)
    .sort(
      (a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity) || a.lane - b.lane,
    );
  let top = 0;
  const boxes: LaneBox[] = [];
  for (const l of lanes) {
    boxes.push({ lane: l.lane, top, rows: l.rows });
    top += LANE_HEADER + l.rows * ROW_PITCH + LANE_GAP;
  }
  return { lanes: boxes, height: top };
}

/** Lane and row at content y, or null on a label band or a gap. */
export function rowAt(layout: TimelineLayout, y: number): { lane: number; row: number } | null {
  for (const box of layout.lanes) {
    const rowsTop = box.top + LANE_HEADER;
    if (y < box.top) return null;
    if (y < rowsTop) return null;
    const row = Math.floor((y - rowsTop) / ROW_PITCH);
    if (row < box.rows) return { lane: box.lane, row };
  }
  return null;
}

/**
 * Bars of one row that overlap [from, to]: [lo, hi) into the row's list. Bars in a row do not
 * overlap, so both starts and ends ascend (an open bar, ending at Infinity, can only be last).
 */
export function visibleRange(
  index: TimelineIndex,
  bars: readonly number[],
  from: number,
  to: number,
): [number, number] {
  let lo = 0;
  let hi = bars.length;
  // First bar ending at or after `from`.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.end[bars[mid] ?? 0] ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  hi = bars.length;
  // First bar starting after `to`.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.start[bars[mid] ?? 0] ?? 0) <= to) lo = mid + 1;
    else hi = mid;
  }
  return [first, lo];
}

/**
 * The bar of a row under time `t`, or the nearest within `slackMs` (thin bars are hard to hit):
 * an index into the index's arrays, or -1.
 */
export function barAt(
  index: TimelineIndex,
  bars: readonly number[],
  t: number,
  slackMs: number,
  now: number,
): number {
  const [lo, hi] = visibleRange(index, bars, t - slackMs, t + slackMs);
  let best = -1;
  let bestGap = Infinity;
  for (let k = lo; k < hi; k++) {
    const i = bars[k] ?? 0;
    if (index.state[i] === REMOVED) continue;
    const start = index.start[i] ?? 0;
    const end = Math.min(index.end[i] ?? 0, now);
    const gap = t < start ? start - t : t > end ? t - end : 0;
    if (gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  }
  return bestGap <= slackMs ? best : -1;
}
