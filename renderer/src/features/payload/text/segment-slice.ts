// Where a text segment's bytes lie in its cached window, for any encoding. UTF-8 keeps its own
// rules (segment-bytes.ts). Latin-1 has none: every byte is a character. UTF-16 code units sit
// at even stream offsets, so a unit that straddles a segment edge belongs to the segment it
// starts in; a surrogate pair across an edge belongs to the earlier segment, except at a cache
// window edge, where the later segment cannot see the bytes before it (both halves then show as
// escapes, the same answer from both sides).
import { WINDOW_BYTES, type CachedWindow } from '../data/byte-cache';
import { isUtf16, type TextEncoding } from '../view-options/text-encoding';
import { segmentSlice } from './segment-bytes';

type Slice = { from: number; to: number } | null;

function unitAt(bytes: Uint8Array, p: number, le: boolean): number {
  const a = bytes[p] ?? 0;
  const b = bytes[p + 1] ?? 0;
  return le ? a | (b << 8) : (a << 8) | b;
}

const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;

/** Does a surrogate pair start 2 bytes before `pos` (relative) and end 2 after it? */
function pairAcross(bytes: Uint8Array, pos: number, le: boolean): boolean {
  return (
    pos >= 2 &&
    pos + 2 <= bytes.length &&
    isHigh(unitAt(bytes, pos - 2, le)) &&
    isLow(unitAt(bytes, pos, le))
  );
}

function utf16Slice(
  entry: CachedWindow,
  start: number,
  end: number,
  capturedEnd: number,
  le: boolean,
): Slice {
  const { bytes, base } = entry;
  const limit = bytes.length;
  const alignedStart = start + (start & 1);
  let from = Math.max(0, alignedStart - base);
  if (Math.max(0, start - base) >= limit) return null;
  if (alignedStart % WINDOW_BYTES !== 0 && pairAcross(bytes, from, le)) from += 2;
  let to: number;
  if (end >= capturedEnd) {
    // The stream's end: an odd last byte is shown as itself.
    to = end - base;
  } else {
    const alignedEnd = end + (end & 1);
    to = alignedEnd - base;
    if (alignedEnd % WINDOW_BYTES !== 0 && pairAcross(bytes, to, le)) to += 2;
  }
  if (to > limit) {
    // Still arriving: show whole code units only, and no high surrogate without its pair.
    to = limit - ((base + limit) & 1);
    if (to - 2 >= from && isHigh(unitAt(bytes, to - 2, le))) to -= 2;
  }
  return { from: Math.min(from, limit), to: Math.max(Math.min(from, limit), to) };
}

/** The segment [start, end) of a direction's stream as [from, to) in `entry.bytes`. */
export function segmentSliceFor(
  encoding: TextEncoding,
  entry: CachedWindow,
  start: number,
  end: number,
  capturedEnd: number,
): Slice {
  if (encoding === 'utf-8') return segmentSlice(entry, start, end, capturedEnd);
  if (isUtf16(encoding)) {
    return utf16Slice(entry, start, end, capturedEnd, encoding === 'utf-16le');
  }
  const rel = Math.max(0, start - entry.base);
  if (rel >= entry.bytes.length) return null;
  return { from: rel, to: Math.min(end - entry.base, entry.bytes.length) };
}
