// Which find matches touch a range of a stream, computed per rendered segment or row only
// (never over all matches), from the sorted match offsets.
import { lowerBound } from '../../../lib/search';

export interface MatchRange {
  /** Stream offsets [start, end), clipped to the range asked about. */
  readonly start: number;
  readonly end: number;
  readonly current: boolean;
}

/** What the views need to mark matches: one direction's sorted offsets and the current one. */
export interface FindMarks {
  readonly connectionId: number;
  readonly direction: 'in' | 'out';
  readonly offsets: readonly number[];
  readonly length: number;
  /** Offset of the current match, or null. */
  readonly current: number | null;
}

/** Matches overlapping [start, end), clipped to it, in order. Overlapping matches merge. */
export function matchRangesIn(marks: FindMarks, start: number, end: number): MatchRange[] {
  const out: MatchRange[] = [];
  const { offsets, length, current } = marks;
  if (length <= 0) return out;
  const push = (s: number, e: number, isCurrent: boolean) => {
    const cs = Math.max(start, s);
    const ce = Math.min(end, e);
    if (ce <= cs) return;
    const last = out[out.length - 1];
    if (last && last.end >= cs && last.current === isCurrent) {
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, ce), current: isCurrent };
    } else out.push({ start: cs, end: ce, current: isCurrent });
  };
  const currentEnd = current === null ? -1 : current + length;
  for (let i = lowerBound(offsets, start - length + 1); i < offsets.length; i += 1) {
    const offset = offsets[i] ?? end;
    if (offset >= end) break;
    if (offset === current) continue;
    // The current match is drawn on its own; clip others around it.
    if (current !== null && offset < currentEnd && offset + length > current) {
      push(offset, current, false);
      push(currentEnd, offset + length, false);
    } else push(offset, offset + length, false);
  }
  if (current !== null) {
    push(current, currentEnd, true);
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

/** The positions (relative to `base`) where runs must end so matches are whole runs. */
export function cutsOf(ranges: readonly MatchRange[], base: number): number[] {
  const cuts: number[] = [];
  for (const r of ranges) cuts.push(r.start - base, r.end - base);
  return cuts;
}

/** Mark class for a run or row piece covering stream offset `offset`. */
export function markAt(ranges: readonly MatchRange[], offset: number): string | null {
  for (const r of ranges) {
    if (offset >= r.start && offset < r.end) return r.current ? 'find-current' : 'find-hit';
  }
  return null;
}
