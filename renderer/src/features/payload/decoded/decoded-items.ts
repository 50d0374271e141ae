// Pure helpers between a DecodedConversation and the rows the Decoded tab shows: messages and
// unparsed regions merged in conversation order, and the short texts in message headers and
// body notes.
import type {
  ConversationBytes,
  DecodedConversation,
  DecodedMessage,
  UnparsedRegion,
} from '../../../../../shared/decoders/types';
import type { Direction } from '../../../../../shared/model';
import { formatBytes } from '../../../../../shared/format-bytes';
import { upperBound } from '../../../lib/search';

export type DecodedItem =
  | { readonly kind: 'message'; readonly message: DecodedMessage; readonly index: number }
  | { readonly kind: 'unparsed'; readonly region: UnparsedRegion };

type Order = ConversationBytes['order'];

/**
 * When the byte at an offset arrived, from the chunk records: the time of the record holding
 * it (0 when unknown). Binary search per direction: conversations can have many thousands.
 */
export function arrivalLookup(order: Order): (direction: Direction, offset: number) => number {
  const offsets: Record<Direction, number[]> = { in: [], out: [] };
  const times: Record<Direction, number[]> = { in: [], out: [] };
  for (const record of order) {
    offsets[record.direction].push(record.offset);
    times[record.direction].push(record.at);
  }
  return (direction, offset) => times[direction][upperBound(offsets[direction], offset) - 1] ?? 0;
}

/**
 * Messages in the decoder's order (it already sorts them by arrival), with each unparsed region
 * placed before the first message whose bytes arrived after the region's.
 */
export function conversationItems(conversation: DecodedConversation, order: Order): DecodedItem[] {
  const arrivalOf = arrivalLookup(order);
  const regions = conversation.unparsed
    .map((region) => ({ region, at: arrivalOf(region.range.direction, region.range.offset) }))
    .sort((a, b) => a.at - b.at);
  const items: DecodedItem[] = [];
  let r = 0;
  conversation.messages.forEach((message, index) => {
    const at = arrivalOf(message.range.direction, message.range.offset);
    for (let next = regions[r]; next && next.at < at; next = regions[++r]) {
      items.push({ kind: 'unparsed', region: next.region });
    }
    items.push({ kind: 'message', message, index });
  });
  for (; r < regions.length; r += 1) {
    const rest = regions[r];
    if (rest) items.push({ kind: 'unparsed', region: rest.region });
  }
  return items;
}

export function directionLabel(direction: Direction): string {
  return direction === 'in' ? 'client → port' : 'port → client';
}

/** "gzip, 1.2 KiB → 14 KiB" (and "(cut)" when the engine stopped at its limit). */
export function encodingNote(
  encoding: string,
  encodedBytes: number,
  decodedBytes: number,
  truncated: boolean,
): string {
  const cut = truncated ? ' (cut at the decompression limit)' : '';
  return `${encoding}, ${formatBytes(encodedBytes)} → ${formatBytes(decodedBytes)}${cut}`;
}

const DECOMPRESSIBLE = ['gzip', 'deflate', 'br'] as const;
export type Decompressible = (typeof DECOMPRESSIBLE)[number];

/** The engine-side encoding for a Content-Encoding value, or null when it cannot undo it. */
export function decompressibleEncoding(encoding: string | null): Decompressible | null {
  if (encoding === 'x-gzip') return 'gzip';
  return DECOMPRESSIBLE.find((e) => e === encoding) ?? null;
}
