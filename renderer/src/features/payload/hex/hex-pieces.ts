// A hex row cut where find matches begin and end, so each column can mark the matched bytes.
import { markAt, matchRangesIn, type FindMarks } from '../find/match-ranges';

export interface RowPiece {
  /** Bytes [a, b) of the row. */
  readonly a: number;
  readonly b: number;
  readonly mark: string | null;
}

/** Marks the byte "go to offset" went to, where no find match marks it already. */
const TARGET_MARK = 'hex-target';

/**
 * The row's bytes [0, length) as pieces, split at match edges, at `split` (the hex gap) and
 * around `target` (a stream offset to mark on its own, or null).
 */
export function rowPieces(
  offset: number,
  length: number,
  marks: FindMarks | null,
  split: number,
  target: number | null = null,
): RowPiece[] {
  const ranges = marks ? matchRangesIn(marks, offset, offset + length) : [];
  const edges = new Set<number>([0, length]);
  if (split > 0 && split < length) edges.add(split);
  for (const r of ranges) {
    edges.add(r.start - offset);
    edges.add(r.end - offset);
  }
  if (target !== null) {
    edges.add(target - offset);
    edges.add(target + 1 - offset);
  }
  const sorted = [...edges].filter((e) => e >= 0 && e <= length).sort((x, y) => x - y);
  const pieces: RowPiece[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const a = sorted[i] ?? 0;
    const b = sorted[i + 1] ?? 0;
    const found = markAt(ranges, offset + a);
    const mark = found ?? (target === offset + a && b === a + 1 ? TARGET_MARK : null);
    if (b > a) pieces.push({ a, b, mark });
  }
  return pieces;
}
