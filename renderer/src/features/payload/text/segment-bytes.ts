// Where a text segment's bytes lie in its cached window. Neighbouring segments agree on every
// boundary (continuation bytes belong to the character before them), and a window that is
// still being fetched shows what it has, minus a character whose tail has not arrived.
import { cachedEnd, type CachedWindow } from '../data/byte-cache';
import { boundaryAfterContinuations, completeSequenceEnd } from './utf8-escape';

/** Bytes a view asks for past a segment's end: the tail of a character that starts in it. */
const CHAR_TAIL = 3;

/** The stream offset a segment's window must reach for the segment to be complete. */
export function segmentNeedEnd(end: number, capturedEnd: number): number {
  return Math.min(end + CHAR_TAIL, Math.max(capturedEnd, end));
}

/**
 * The segment [start, end) of a direction's stream as [from, to) inside `entry.bytes`, or
 * null when none of it is cached yet. `capturedEnd` is where the captured stream ends now.
 */
export function segmentSlice(
  entry: CachedWindow,
  start: number,
  end: number,
  capturedEnd: number,
): { from: number; to: number } | null {
  const { bytes, base } = entry;
  const limit = bytes.length;
  const relStart = Math.max(0, start - base);
  const relEnd = end - base;
  if (relStart >= limit) return null;
  const partial = cachedEnd(entry) < segmentNeedEnd(end, capturedEnd);
  const from = start === 0 ? relStart : boundaryAfterContinuations(bytes, relStart, limit);
  let to: number;
  if (end >= capturedEnd && !partial) {
    // The stream's last bytes: nothing follows that could complete a character.
    to = relEnd;
  } else {
    to = boundaryAfterContinuations(bytes, Math.min(relEnd, limit), limit);
    if (partial) to = completeSequenceEnd(bytes, from, to);
  }
  return { from, to: Math.max(from, to) };
}
