import { memo, useMemo } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import type { Direction } from '../../../../../shared/model';
import { formatHexRow, hexOffset } from './hex-format';

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
  readonly error: ErrorInfo | null;
}

/** offset | 16 hex bytes | ASCII, for one row of one chunk. */
export const HexDataRow = memo(function HexDataRow({
  top,
  direction,
  offset,
  length,
  bytes,
  from,
  highlighted,
  error,
}: Props) {
  const text = useMemo(
    () => (bytes ? formatHexRow(bytes, from, length) : null),
    [bytes, from, length],
  );
  return (
    <div
      className={`hrow hrow-data hdir-${direction}${highlighted ? ' is-target' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span className="hex-offset">{hexOffset(offset)}</span>
      {text ? (
        <>
          <span className="hex-bytes">{text.left}</span>
          <span className="hex-bytes hex-bytes-right">{text.right}</span>
          <span className="hex-ascii">{text.ascii}</span>
        </>
      ) : (
        <span className="hex-loading" title={error ? `${error.message} ${error.hint}` : undefined}>
          {error ? 'not available' : '··'}
        </span>
      )}
    </div>
  );
});
