import { Fragment, memo, useMemo } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import type { Direction } from '../../../../../shared/model';
import { escapeBytes } from './utf8-escape';

interface Props {
  readonly index: number;
  readonly top: number;
  readonly direction: Direction;
  readonly first: boolean;
  readonly last: boolean;
  readonly highlighted: boolean;
  /** The cached window and the segment's [from, to) inside it; null while loading. */
  readonly bytes: Uint8Array | null;
  readonly from: number;
  readonly to: number;
  readonly error: ErrorInfo | null;
  /**
   * The bytes are the tail of a window that is already on screen and are a frame away: hold
   * the space quietly instead of flashing "Loading bytes…" for every new chunk of a live view.
   */
  readonly arriving: boolean;
  /** Height to hold while the bytes load, so the layout does not jump when they arrive. */
  readonly placeholderHeight: number;
}

/** A slice of a chunk's bytes as text. Only text nodes: captured bytes are never markup. */
export const TextSegment = memo(function TextSegment({
  index,
  top,
  direction,
  first,
  last,
  highlighted,
  bytes,
  from,
  to,
  error,
  arriving,
  placeholderHeight,
}: Props) {
  const runs = useMemo(() => (bytes ? escapeBytes(bytes, from, to) : null), [bytes, from, to]);
  const classes = `titem seg seg-${direction}${first ? ' seg-first' : ''}${last ? ' seg-last' : ''}${
    first && last ? ' seg-only' : ''
  }${highlighted ? ' is-target' : ''}`;
  let body;
  if (error) body = <span className="seg-note">{error.message}</span>;
  else if (runs === null) body = arriving ? null : <span className="seg-note">Loading bytes…</span>;
  else
    body = runs.map((run, i) =>
      run.escape ? (
        <span key={i} className="esc">
          {run.text}
        </span>
      ) : (
        <Fragment key={i}>{run.text}</Fragment>
      ),
    );
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
