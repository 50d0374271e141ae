// findInPayload: match offsets of a pattern in one direction of one connection, for "find next"
// in the payload views. Every start position counts, overlapping matches included.

import type { ByteLog } from '../recording/byte-log';
import { searchPieces } from './block-search';

export interface FindInPayloadResult {
  offsets: number[];
  /** False when `limit` was reached: call again from the last offset + 1. */
  complete: boolean;
  patternLength: number;
}

export function findInPayload(
  log: ByteLog,
  pattern: Buffer,
  from: number,
  limit: number,
): FindInPayloadResult {
  const offsets: number[] = [];
  let complete = true;
  searchPieces(log.pieces(from), pattern, (offset) => {
    if (offsets.length >= limit) {
      complete = false;
      return false;
    }
    offsets.push(offset);
    return true;
  });
  return { offsets, complete, patternLength: pattern.length };
}
