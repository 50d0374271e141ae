// Entry point for the decode worker and tests: runs the named decoder (never throwing: a bug
// becomes an unparsed region) and orders messages of both directions by the arrival of their
// first byte, from the conversation's chunk records.

import type { Direction } from '../model';
import type { ConversationBytes, DecodedConversation, DecodedMessage, DecoderName } from './types';
import type { DecoderOutput } from './result';
import { decodeHttp } from './http';
import { decodePostgres } from './postgres';
import { decodeRedis } from './redis';
import { decodeTls } from './tls';
import { decodeWebSocket } from './websocket';

const DECODERS: Record<DecoderName, (bytes: ConversationBytes) => DecoderOutput> = {
  http: decodeHttp,
  websocket: decodeWebSocket,
  tls: decodeTls,
  redis: decodeRedis,
  postgres: decodePostgres,
};

type Arrival = readonly { readonly offset: number; readonly at: number }[];

/** Chunk records of one direction, sorted by offset (they normally arrive sorted already). */
function arrivals(bytes: ConversationBytes, direction: Direction): Arrival {
  const list = bytes.order.filter((o) => o.direction === direction);
  for (let i = 1; i < list.length; i++) {
    if ((list[i]?.offset ?? 0) < (list[i - 1]?.offset ?? 0)) {
      return [...list].sort((a, b) => a.offset - b.offset);
    }
  }
  return list;
}

/** Arrival time of the chunk holding `offset` (binary search); 0 when there are no records. */
function arrivalOf(list: Arrival, offset: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.offset ?? 0) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return list[found]?.at ?? list[0]?.at ?? 0;
}

/**
 * Without timing, interleave the directions (each already in stream order): a reply goes right
 * after its request (by exchange index); messages without exchanges put 'in' before 'out'.
 */
function mergeByExchange(messages: readonly DecodedMessage[]): DecodedMessage[] {
  const ins = messages.filter((m) => m.direction === 'in');
  const outs = messages.filter((m) => m.direction === 'out');
  const merged: DecodedMessage[] = [];
  let i = 0;
  let o = 0;
  while (i < ins.length || o < outs.length) {
    const a = ins[i];
    const b = outs[o];
    const takeOut =
      b !== undefined &&
      (a === undefined ||
        (a.exchange !== null && (b.exchange === null || b.exchange < a.exchange)));
    if (takeOut) {
      merged.push(b);
      o++;
    } else if (a !== undefined) {
      merged.push(a);
      i++;
    }
  }
  return merged;
}

/**
 * Sorts by first-byte arrival (from chunk records); ties and conversations without records keep
 * the exchange-interleaved order (the sort is stable).
 */
function orderMessages(
  messages: readonly DecodedMessage[],
  bytes: ConversationBytes,
): DecodedMessage[] {
  const lists = { in: arrivals(bytes, 'in'), out: arrivals(bytes, 'out') };
  const byOffset = [...messages].sort((a, b) => a.range.offset - b.range.offset);
  const merged = mergeByExchange(byOffset);
  // Timing for one direction only cannot place the other: keep the fallback order then.
  if (merged.some((m) => lists[m.direction].length === 0)) return merged;
  const keyed = merged.map((m) => ({
    m,
    at: arrivalOf(lists[m.direction], m.range.offset),
  }));
  keyed.sort((a, b) => a.at - b.at);
  return keyed.map((k) => k.m);
}

export function decodeConversation(
  name: DecoderName,
  bytes: ConversationBytes,
): DecodedConversation {
  try {
    const result = DECODERS[name](bytes);
    return {
      protocol: name,
      messages: orderMessages(result.messages, bytes),
      unparsed: result.unparsed,
      partial: result.partial,
    };
  } catch (error) {
    const reason = `decoder error: ${error instanceof Error ? error.message : String(error)}`;
    const whole = (direction: Direction, b: Uint8Array) => ({
      range: { direction, offset: 0, length: b.length },
      reason,
    });
    return {
      protocol: name,
      messages: [],
      unparsed: [whole('in', bytes.in), whole('out', bytes.out)].filter((u) => u.range.length > 0),
      partial: false,
    };
  }
}
