// findInPayload: match offsets of a pattern in one direction of one connection, for "find next"
// in the payload views. Every start position counts, overlapping matches included.

import type { Direction } from '../../shared/model';
import type { ByteLog } from '../recording/byte-log';
import type { BytesOnDisk } from '../recording/connection-recorder';
import { searchPieces } from './block-search';

export interface FindInPayloadResult {
  offsets: number[];
  /** False when `limit` was reached: call again from the last offset + 1. */
  complete: boolean;
  patternLength: number;
}

/** Collects match offsets up to `limit`; `onMatch` goes to the search, `result()` after it. */
function collector(limit: number, patternLength: number) {
  const offsets: number[] = [];
  let complete = true;
  return {
    onMatch: (offset: number): boolean => {
      if (offsets.length >= limit) {
        complete = false;
        return false;
      }
      offsets.push(offset);
      return true;
    },
    result: (): FindInPayloadResult => ({ offsets, complete, patternLength }),
  };
}

export function findInPayload(
  log: ByteLog,
  pattern: Buffer,
  from: number,
  limit: number,
): FindInPayloadResult {
  const found = collector(limit, pattern.length);
  searchPieces(log.pieces(from), pattern, found.onMatch);
  return found.result();
}

/** The same, for a connection whose bytes memory let go of: read from the capture file. */
export async function findInPayloadOnDisk(
  disk: BytesOnDisk,
  direction: Direction,
  pattern: Buffer,
  from: number,
  limit: number,
): Promise<FindInPayloadResult> {
  const found = collector(limit, pattern.length);
  await disk.search(direction, pattern, from, found.onMatch);
  return found.result();
}
