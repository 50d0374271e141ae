// What each protocol decoder returns before decode-conversation orders it: messages of both
// directions (in any order), unparsed regions, and whether the stream may be cut mid-message.

import type { Direction } from '../model';
import type { ByteRange, DecodedMessage, UnparsedRegion } from './types';

export interface DecoderOutput {
  readonly messages: DecodedMessage[];
  readonly unparsed: UnparsedRegion[];
  partial: boolean;
}

export function emptyOutput(): DecoderOutput {
  return { messages: [], unparsed: [], partial: false };
}

export function byteRange(direction: Direction, start: number, end: number): ByteRange {
  return { direction, offset: start, length: Math.max(0, end - start) };
}

/** Marks [start, end) of one direction as not understood (nothing when empty). */
export function markUnparsed(
  out: DecoderOutput,
  direction: Direction,
  start: number,
  end: number,
  reason: string,
): void {
  if (end > start) out.unparsed.push({ range: byteRange(direction, start, end), reason });
}
