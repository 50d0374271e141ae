// One connection's bytes for the HTTP decoder, read from a past capture in ranges of at most
// 1 MiB, plus when each byte arrived (from the chunk records) for the entries' timings. The
// decoder needs each direction whole, so a direction is read up to MAX_DIRECTION_BYTES: beyond
// that the exchanges still in it are cut (their bodies marked truncated), memory is not.

import type { Direction } from '../../../shared/model';
import type { ConversationBytes } from '../../../shared/decoders/types';
import { chunksOf, type PcapngSource } from '../pcapng/flow';

const READ_SIZE = 1024 * 1024;
const MAX_DIRECTION_BYTES = 64 * 1024 * 1024;

/** Arrival time of byte offsets in one direction: chunk start offsets with their times. */
export interface ArrivalIndex {
  readonly offsets: number[];
  readonly times: number[];
}

export interface Conversation {
  readonly bytes: ConversationBytes;
  readonly arrivals: Record<Direction, ArrivalIndex>;
}

async function readDirection(
  source: PcapngSource,
  id: number,
  direction: Direction,
  total: number,
): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  const end = Math.min(total, MAX_DIRECTION_BYTES);
  let pos = 0;
  while (pos < end) {
    const read = await source.readPayload(id, direction, pos, Math.min(READ_SIZE, end - pos));
    // A hole (bytes a cap dropped, or damage): the decoder gets the prefix before it.
    if (!read.ok || read.value.length === 0) break;
    parts.push(read.value);
    pos += read.value.length;
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

export async function readConversation(
  source: PcapngSource,
  id: number,
  received: Record<Direction, number>,
): Promise<Conversation> {
  const arrivals: Record<Direction, ArrivalIndex> = {
    in: { offsets: [], times: [] },
    out: { offsets: [], times: [] },
  };
  for await (const chunk of chunksOf(source, id)) {
    if (chunk.length === 0) continue;
    const index = arrivals[chunk.direction];
    index.offsets.push(chunk.offset);
    index.times.push(chunk.at);
  }
  const bytes: ConversationBytes = {
    in: await readDirection(source, id, 'in', received.in),
    out: await readDirection(source, id, 'out', received.out),
    order: [],
  };
  return { bytes, arrivals };
}

/** When the byte at `offset` arrived (epoch ms), or null when no chunk record covers it. */
export function arrivalOf(index: ArrivalIndex, offset: number): number | null {
  let low = 0;
  let high = index.offsets.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((index.offsets[mid] ?? Infinity) <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found < 0 ? null : (index.times[found] ?? null);
}
