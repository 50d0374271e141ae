import { memo, useMemo, type ReactNode } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import type { Direction } from '../../../../../shared/model';
import type { FindMarks } from '../find/match-ranges';
import { asciiOf, hexOffset, hexPairs } from './hex-format';
import { rowPieces, type RowPiece } from './hex-pieces';

interface Props {
  readonly top: number;
  readonly direction: Direction;
  readonly offset: number;
  /** Bytes of the row that are here to show (the rest is still loading). */
  readonly length: number;
  /** The cached window and where this row starts in it; null while loading. */
  readonly bytes: Uint8Array | null;
  readonly from: number;
  readonly highlighted: boolean;
  /** Find matches of this direction (null: none to mark). */
  readonly marks: FindMarks | null;
  readonly error: ErrorInfo | null;
}

const HALF = 8;

/**
 * offset | 16 hex bytes | ASCII, for one row of one chunk. Each piece carries its stream offset
 * (data-off) and how its characters map to bytes (data-map), so a selection maps back to bytes.
 */
export const HexDataRow = memo(function HexDataRow({
  top,
  direction,
  offset,
  length,
  bytes,
  from,
  highlighted,
  marks,
  error,
}: Props) {
  const pieces = useMemo(() => rowPieces(offset, length, marks, HALF), [offset, length, marks]);
  const piece = (p: RowPiece, map: 'h0' | 'h1' | 'a', lead: string, text: string): ReactNode => (
    <span key={p.a} data-dir={direction} data-off={offset + p.a} data-map={map}>
      {lead}
      {p.mark ? <span className={p.mark}>{text}</span> : text}
    </span>
  );
  let body: ReactNode;
  if (bytes) {
    const left = pieces.filter((p) => p.b <= HALF);
    const right = pieces.filter((p) => p.a >= HALF);
    body = (
      <>
        <span className="hex-bytes">
          {left.map((p) =>
            piece(
              p,
              p.a === 0 ? 'h0' : 'h1',
              p.a === 0 ? '' : ' ',
              hexPairs(bytes, from, p.a, p.b),
            ),
          )}
        </span>
        <span className="hex-bytes hex-bytes-right">
          {right.map((p) => piece(p, 'h1', ' ', hexPairs(bytes, from, p.a, p.b)))}
        </span>
        <span className="hex-ascii">
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
      <span className="hex-offset">{hexOffset(offset)}</span>
      {body}
    </div>
  );
});
