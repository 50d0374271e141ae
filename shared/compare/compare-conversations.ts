// Message-level comparison of two connections (an original and its replay, say): both decoded
// with the existing decoders, requests aligned (see message-align), replies aligned by the
// requests they answer (the decoders' exchange numbers), and each pair compared per protocol. A pair the decoded view finds no difference in, but whose bytes
// differ, gets a 'raw' difference with the first differing byte, so "changed" never hides.

import { decodeConversation } from '../decoders/decode-conversation';
import type {
  ConversationBytes,
  DecodedConversation,
  DecodedMessage,
  DecoderName,
} from '../decoders/types';
import type { Direction } from '../model';
import { firstDifference } from './first-difference';
import { type AlignItem, alignMessages } from './message-align';
import type {
  ConversationComparison,
  DirectionComparison,
  MessagePair,
  MessageRef,
} from './message-types';
import { alignKey, messageDifferences } from './protocol-compare';

/** One side: the decoded conversation and the bytes it was decoded from. */
export interface CompareSide {
  readonly conversation: DecodedConversation;
  readonly bytes: ConversationBytes;
}

interface Indexed {
  readonly index: number;
  readonly message: DecodedMessage;
  readonly raw: Uint8Array;
}

function messagesOf(side: CompareSide, direction: Direction): Indexed[] {
  const stream = side.bytes[direction];
  return side.conversation.messages.flatMap((message, index) => {
    if (message.direction !== direction) return [];
    const { offset, length } = message.range;
    return [{ index, message, raw: stream.subarray(offset, offset + length) }];
  });
}

function ref(m: Indexed): MessageRef {
  const { kind, title, range } = m.message;
  return { index: m.index, kind, title, range };
}

/**
 * Which of A's exchanges each of B's exchanges was paired with, from the requests' pairing: a
 * reply is lined up with the reply to the request its own request was paired with.
 */
type ExchangeMap = ReadonlyMap<number, number>;

function alignItems(
  protocol: DecoderName | null,
  messages: readonly Indexed[],
  exchangeKey: ((exchange: number) => string) | null,
): AlignItem[] {
  return messages.map(({ message, raw }) => {
    if (exchangeKey && message.exchange !== null) {
      return { bytes: raw, key: exchangeKey(message.exchange), strict: true, byPosition: false };
    }
    return { bytes: raw, key: alignKey(protocol, message), strict: false, byPosition: true };
  });
}

function compareDirection(
  protocol: DecoderName | null,
  a: CompareSide,
  b: CompareSide,
  direction: Direction,
  exchanges: ExchangeMap | null,
): { comparison: DirectionComparison; exchanges: ExchangeMap } {
  const ma = messagesOf(a, direction);
  const mb = messagesOf(b, direction);
  const itemsA = alignItems(protocol, ma, exchanges && ((e) => `x${e}`));
  const itemsB = alignItems(
    protocol,
    mb,
    exchanges &&
      ((e) => {
        const paired = exchanges.get(e);
        return paired === undefined ? `b${e}` : `x${paired}`;
      }),
  );
  const pairs: MessagePair[] = [];
  const counts = { same: 0, changed: 0, onlyA: 0, onlyB: 0 };
  const paired = new Map<number, number>();
  for (const pair of alignMessages(itemsA, itemsB)) {
    const x = pair.a === null ? undefined : ma[pair.a];
    const y = pair.b === null ? undefined : mb[pair.b];
    if (x && y) {
      if (x.message.exchange !== null && y.message.exchange !== null) {
        paired.set(y.message.exchange, x.message.exchange);
      }
      const differences = pair.same ? [] : messageDifferences(protocol, x.message, y.message);
      const first = pair.same ? null : firstDifference(x.raw, y.raw, 0);
      if (differences.length === 0 && first !== null) {
        const lengths = { aLength: x.raw.length, bLength: y.raw.length };
        differences.push({ kind: 'raw', at: first.offset, ...lengths });
      }
      if (differences.length === 0) {
        pairs.push({ kind: 'same', a: ref(x), b: ref(y) });
        counts.same++;
      } else {
        pairs.push({ kind: 'changed', a: ref(x), b: ref(y), differences });
        counts.changed++;
      }
    } else if (x) {
      pairs.push({ kind: 'only-a', a: ref(x) });
      counts.onlyA++;
    } else if (y) {
      pairs.push({ kind: 'only-b', b: ref(y) });
      counts.onlyB++;
    }
  }
  return { comparison: { direction, pairs, counts }, exchanges: paired };
}

/** Compares two sides already decoded (the decode worker's results). */
export function compareConversations(a: CompareSide, b: CompareSide): ConversationComparison {
  const pa = a.conversation.protocol;
  const protocol = pa === b.conversation.protocol ? pa : null;
  // Requests ('in') first: replies are then lined up by the requests they answer.
  const requests = compareDirection(protocol, a, b, 'in', null);
  const inbound = requests.comparison;
  const outbound = compareDirection(protocol, a, b, 'out', requests.exchanges).comparison;
  const differs = (d: DirectionComparison) =>
    d.counts.changed + d.counts.onlyA + d.counts.onlyB > 0;
  return {
    protocol,
    in: inbound,
    out: outbound,
    same: !differs(inbound) && !differs(outbound),
    partial: { a: a.conversation.partial, b: b.conversation.partial },
    unparsed: { a: a.conversation.unparsed, b: b.conversation.unparsed },
  };
}

/** Decodes both sides with `decoder` and compares them. */
export function compareConnections(
  decoder: DecoderName,
  a: ConversationBytes,
  b: ConversationBytes,
): ConversationComparison {
  return compareConversations(
    { conversation: decodeConversation(decoder, a), bytes: a },
    { conversation: decodeConversation(decoder, b), bytes: b },
  );
}
