// Reads a connection's bytes back from a capture file by stream range, whether the capture is a
// past one (its records found by walking the file) or the running one (memory let go of the
// bytes; FileChunkIndex knows where they are). Every chunk is checked against its checksum;
// chunks that sit close together in the file are read with one call.

import type { FileHandle } from 'node:fs/promises';
import { searchPieces } from '../search/block-search';
import { readChunk, type ChunkRef } from './capture-reader';
import { xxhash32 } from './xxhash32';

/** Bytes read at once by a search: bounded, whatever the connection's size. */
const SEARCH_WINDOW = 8 * 1024 * 1024;
/** Chunks close together in the file are read with one call when the span is at most this. */
const COALESCE_SPAN = 4 * 1024 * 1024;

/** The chunk records of one direction covering [offset, offset + length), in stream order. */
export type RefsInRange = (offset: number, length: number) => readonly ChunkRef[];

/**
 * Contiguous bytes from `offset`, at most `length`: empty at a gap (bytes not in the file) or
 * past the end; null when the file no longer matches its checksums there.
 */
export async function readRange(
  handle: FileHandle,
  refsInRange: RefsInRange,
  offset: number,
  length: number,
): Promise<Buffer | null> {
  const refs = refsInRange(offset, length);
  const parts: Buffer[] = [];
  let at = offset;
  let wanted = length;
  let i = 0;
  while (wanted > 0 && i < refs.length) {
    const ref = refs[i];
    if (ref === undefined || ref.offset > at || ref.offset + ref.length <= at) break;
    // Neighbours in the file are read together: one call instead of one per small chunk.
    let j = i + 1;
    let covered = ref.offset + ref.length - at;
    while (j < refs.length && covered < wanted) {
      const next = refs[j];
      const prev = refs[j - 1];
      if (next === undefined || prev === undefined || next.offset !== prev.offset + prev.length) {
        break;
      }
      if (next.filePosition + next.length - ref.filePosition > COALESCE_SPAN) break;
      covered += next.length;
      j++;
    }
    const group = refs.slice(i, j);
    const datas = await readGroup(handle, group);
    if (datas === null) return parts.length > 0 ? Buffer.concat(parts) : null;
    for (const [k, data] of datas.entries()) {
      const g = group[k];
      if (g === undefined || wanted === 0) break;
      const skip = at - g.offset;
      const take = Math.min(data.length - skip, wanted);
      parts.push(data.subarray(skip, skip + take));
      at += take;
      wanted -= take;
    }
    i = j;
  }
  return Buffer.concat(parts);
}

/**
 * Match offsets of `pattern` in one direction from `from` up to `end`, window by window; each
 * window reads patternLength - 1 bytes past its end, and only matches starting inside it count,
 * so a match across two windows is found once. Stops when `onMatch` returns false.
 */
export async function searchRange(
  handle: FileHandle,
  refsInRange: RefsInRange,
  end: number,
  pattern: Buffer,
  from: number,
  onMatch: (offset: number) => boolean,
): Promise<void> {
  for (let start = from; start < end; start += SEARCH_WINDOW) {
    const bytes = await readRange(handle, refsInRange, start, SEARCH_WINDOW + pattern.length - 1);
    if (bytes === null || bytes.length === 0) return;
    let go = true;
    searchPieces([{ start, bytes }], pattern, (offset) => {
      if (offset >= start + SEARCH_WINDOW) return false;
      go = onMatch(offset);
      return go;
    });
    if (!go || bytes.length < SEARCH_WINDOW) return;
  }
}

/** The bytes of chunks close together in the file, each checked; null if any is damaged. */
async function readGroup(handle: FileHandle, group: readonly ChunkRef[]): Promise<Buffer[] | null> {
  const first = group[0];
  const last = group[group.length - 1];
  if (first === undefined || last === undefined) return [];
  if (group.length === 1) {
    const one = await readChunk(handle, first);
    return one === null ? null : [one];
  }
  const span = last.filePosition + last.length - first.filePosition;
  const block = Buffer.allocUnsafeSlow(span);
  const { bytesRead } = await handle.read(block, 0, span, first.filePosition);
  if (bytesRead !== span) return null;
  const out: Buffer[] = [];
  for (const ref of group) {
    const at = ref.filePosition - first.filePosition;
    const data = block.subarray(at, at + ref.length);
    if (xxhash32(data) !== ref.check) return null;
    out.push(data);
  }
  return out;
}

/** For refs kept as one sorted array: the ones covering a range (binary search, then a slice). */
export function refsOf(refs: readonly ChunkRef[]): RefsInRange {
  return (offset, length) => {
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ref = refs[mid];
      if (ref !== undefined && ref.offset + ref.length <= offset) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < refs.length && (refs[end]?.offset ?? Infinity) < offset + length) end++;
    return refs.slice(lo, end);
  };
}
