import { memo, useMemo, type ReactNode } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import type { Direction } from '../../../../../shared/model';
import type { FindMarks } from '../find/match-ranges';
import { asciiOf, hexOffset, hexPairs } from './hex-format';
import { rowPieces, type RowPiece } from './hex-pieces';

interface Props {
  readonly top: number;
  readonly direction: Direction;
  /** Stream offset of the first byte shown; the row starts `lead` columns before it. */
  readonly offset: number;
  readonly lead: number;
  /** Bytes of the row that are here to show (the rest is still loading). */
  readonly length: number;
  /** The cached window and where this row starts in it; null while loading. */
  readonly bytes: Uint8Array | null;
  readonly from: number;
  readonly highlighted: boolean;
  /** The byte "go to offset" went to, when it is in this row. */
  readonly target: number | null;
  /** Find matches of this direction (null: none to mark). */
  readonly marks: FindMarks | null;
  readonly error: ErrorInfo | null;
}

const HALF = 8;

/** Blank hex columns [from, to) of one half: what a row before its chunk's first byte shows. */
function hexBlank(from: number, to: number, halfStart: number): string {
  let text = '';
  for (let column = from; column < to; column += 1) text += column === halfStart ? '  ' : '   ';
  return text;
}

/**
 * offset | 16 hex bytes | ASCII, for one row of one chunk. Each piece carries its stream offset
 * (data-off) and how its characters map to bytes (data-map), so a selection maps back to bytes.
 * Columns before the chunk's first byte are blank text outside any piece.
 */
export const HexDataRow = memo(function HexDataRow({
  top,
  direction,
  offset,
  lead,
  length,
  bytes,
  from,
  highlighted,
  target,
  marks,
  error,
}: Props) {
  // Pieces are split where the hex column's gap falls: HALF columns from the row's start.
  const pieces = useMemo(
    () => rowPieces(offset, length, marks, HALF - lead, target),
    [offset, length, marks, lead, target],
  );
  const piece = (p: RowPiece, map: 'h0' | 'h1' | 'a', space: string, text: string): ReactNode => (
    <span key={p.a} data-dir={direction} data-off={offset + p.a} data-map={map}>
      {space}
      {p.mark ? <span className={p.mark}>{text}</span> : text}
    </span>
  );
  let body: ReactNode;
  if (bytes) {
    const column = (p: RowPiece) => lead + p.a;
    const left = pieces.filter((p) => column(p) < HALF);
    const right = pieces.filter((p) => column(p) >= HALF);
    const rightLead = Math.max(0, lead - HALF);
    body = (
      <>
        <span className="hex-bytes">
          {hexBlank(0, Math.min(lead, HALF), 0)}
          {left.map((p) =>
            piece(
              p,
              column(p) === 0 ? 'h0' : 'h1',
              column(p) === 0 ? '' : ' ',
              hexPairs(bytes, from, p.a, p.b),
            ),
          )}
        </span>
        <span className="hex-bytes hex-bytes-right">
          {hexBlank(HALF, HALF + rightLead, -1)}
          {right.map((p) => piece(p, 'h1', ' ', hexPairs(bytes, from, p.a, p.b)))}
        </span>
        <span className="hex-ascii">
          {' '.repeat(lead)}
          {pieces.map((p) => piece(p, 'a', '', asciiOf(bytes, from, p.a, p.b)))}
        </span>
      </>
    );
  } else {
    body = (
      <span className="hex-loading" title={error ? `${error.message} ${error.hint}` : undefined}>
        {error ? 'not available' : '··'}
      </span>
    );
  }
  return (
    <div
      className={`hrow hrow-data hdir-${direction}${highlighted ? ' is-target' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span className="hex-offset">{hexOffset(offset - lead)}</span>
      {body}
    </div>
  );
});
