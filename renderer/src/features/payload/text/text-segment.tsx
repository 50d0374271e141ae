import { memo, useMemo } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import type { Direction } from '../../../../../shared/model';
import { cutsOf, markAt, matchRangesIn, type FindMarks } from '../find/match-ranges';
import type { TextEncoding } from '../view-options/text-encoding';
import { decodeRuns } from './decode-runs';

interface Props {
  readonly index: number;
  readonly top: number;
  readonly direction: Direction;
  readonly first: boolean;
  readonly last: boolean;
  readonly highlighted: boolean;
  readonly encoding: TextEncoding;
  /** The cached window, its stream offset, and the segment's [from, to) inside it. */
  readonly bytes: Uint8Array | null;
  readonly base: number;
  readonly from: number;
  readonly to: number;
  /** Find matches of this direction (null: none to mark). */
  readonly marks: FindMarks | null;
  readonly error: ErrorInfo | null;
  /**
   * The bytes are the tail of a window that is already on screen and are a frame away: hold
   * the space quietly instead of flashing "Loading bytes…" for every new chunk of a live view.
   */
  readonly arriving: boolean;
  /** Height to hold while the bytes load, so the layout does not jump when they arrive. */
  readonly placeholderHeight: number;
}

/**
 * A slice of a chunk's bytes as text. Only text nodes: captured bytes are never markup. Every
 * run carries its stream offset (data-off) so a selection maps back to bytes.
 */
export const TextSegment = memo(function TextSegment({
  index,
  top,
  direction,
  first,
  last,
  highlighted,
  encoding,
  bytes,
  base,
  from,
  to,
  marks,
  error,
  arriving,
  placeholderHeight,
}: Props) {
  const ranges = useMemo(
    () => (marks && bytes ? matchRangesIn(marks, base + from, base + to) : []),
    [marks, bytes, base, from, to],
  );
  const runs = useMemo(
    () => (bytes ? decodeRuns(encoding, bytes, from, to, cutsOf(ranges, base)) : null),
    [encoding, bytes, from, to, ranges, base],
  );
  const classes = `titem seg seg-${direction}${first ? ' seg-first' : ''}${last ? ' seg-last' : ''}${
    first && last ? ' seg-only' : ''
  }${highlighted ? ' is-target' : ''}`;
  let body;
  if (error) body = <span className="seg-note">{error.message}</span>;
  else if (runs === null) body = arriving ? null : <span className="seg-note">Loading bytes…</span>;
  else
    body = runs.map((run) => {
      const mark = markAt(ranges, base + run.start);
      const cls = `${run.escape ? 'esc' : 'txt'}${mark ? ` ${mark}` : ''}`;
      return (
        <span
          key={run.start}
          className={cls}
          data-dir={direction}
          data-off={base + run.start}
          data-map={`${run.escape ? 'e' : 't'}:${encoding}`}
        >
          {run.text}
        </span>
      );
    });
  return (
    <div
      className={classes}
      data-index={index}
      style={{
        transform: `translateY(${top}px)`,
        minHeight: runs === null && !error ? placeholderHeight : undefined,
      }}
    >
      <pre className="seg-body">{body}</pre>
    </div>
  );
});
