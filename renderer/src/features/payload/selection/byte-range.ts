// Pieces of a selection (one per rendered span it touches) → one contiguous byte range of one
// direction. A selection across both directions (the text view interleaves them) keeps the
// direction it starts in; one across hex rows keeps the column it starts in (in document order
// a row's ASCII column lies between its hex bytes and the next row's).
import type { Direction } from '../../../../../shared/model';

export interface ByteSelection {
  readonly direction: Direction;
  /** Stream offsets [start, end). */
  readonly start: number;
  readonly end: number;
}

export interface SelectionPiece extends ByteSelection {
  /** Which kind of column the piece is in: text, hex or ascii. */
  readonly column: string;
}

/** Pieces in document order → the selected range. */
export function combinePieces(pieces: readonly SelectionPiece[]): ByteSelection | null {
  const first = pieces.find((p) => p.end > p.start);
  if (!first) return null;
  let { start, end } = first;
  for (const p of pieces) {
    if (p.direction !== first.direction || p.column !== first.column || p.end <= p.start) {
      continue;
    }
    start = Math.min(start, p.start);
    end = Math.max(end, p.end);
  }
  return { direction: first.direction, start, end };
}
