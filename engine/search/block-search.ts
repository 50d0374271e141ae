// Pattern search over a stream stored as separate blocks (a ByteLog's pieces).
//
// Each block is searched in place with Buffer.indexOf (native, fast). A match that straddles
// blocks is found in a small "seam": the last patternLength-1 bytes seen so far (the carry,
// which may itself come from several short blocks) followed by the first patternLength-1 bytes
// of the next block. Only seam matches that start in the carry and end in the new block are
// reported there, so no match is reported twice and offsets come out in increasing order.

export interface Piece {
  /** Stream offset of the piece's first byte. */
  readonly start: number;
  readonly bytes: Buffer;
}

export interface SearchProgress {
  /** Bytes of the stream looked at (the seams' re-reads are not counted). */
  scanned: number;
}

/**
 * Calls `onMatch` with the stream offset of every match start (overlapping matches included:
 * "aa" in "aaaa" is found at 0, 1 and 2), in increasing order. Stops early when `onMatch`
 * returns false. `pattern` must not be empty.
 */
export function searchPieces(
  pieces: Iterable<Piece>,
  pattern: Buffer,
  onMatch: (offset: number) => boolean,
  progress: SearchProgress = { scanned: 0 },
): void {
  const m = pattern.length;
  let carry = Buffer.alloc(0);
  let carryStart = 0;
  for (const { start, bytes } of pieces) {
    progress.scanned += bytes.length;
    if (carry.length > 0 && carryStart + carry.length === start) {
      const seam = Buffer.concat([carry, bytes.subarray(0, m - 1)]);
      for (let at = seam.indexOf(pattern); at >= 0 && at < carry.length;) {
        // Wholly inside the carry means it was already found in earlier bytes.
        if (at + m > carry.length && !onMatch(carryStart + at)) return;
        at = seam.indexOf(pattern, at + 1);
      }
    }
    for (let at = bytes.indexOf(pattern); at >= 0; at = bytes.indexOf(pattern, at + 1)) {
      if (!onMatch(start + at)) return;
    }
    if (m > 1) {
      // The carry is the last m-1 bytes of the stream so far, joined across short blocks.
      const contiguous = carry.length > 0 && carryStart + carry.length === start;
      const joined = contiguous && bytes.length < m - 1 ? Buffer.concat([carry, bytes]) : bytes;
      const joinedStart = joined === bytes ? start : carryStart;
      const keep = Math.min(m - 1, joined.length);
      // Copied: the carry must not pin a whole block, and the current block may still change.
      carry = Buffer.from(joined.subarray(joined.length - keep));
      carryStart = joinedStart + joined.length - keep;
    }
  }
}

/** Whether the pieces contain the pattern anywhere. */
export function containsPattern(
  pieces: Iterable<Piece>,
  pattern: Buffer,
  progress?: SearchProgress,
): boolean {
  let found = false;
  searchPieces(
    pieces,
    pattern,
    () => {
      found = true;
      return false;
    },
    progress,
  );
  return found;
}
