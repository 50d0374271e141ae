// Request → response timing from a decoded conversation and its chunk records. HTTP and Redis
// decoders number their exchanges (request i pairs with response i); PostgreSQL's do not, so
// its cycles are rebuilt here: a frontend group ends at Query, Sync, FunctionCall or the
// StartupMessage, and the backend answers each with messages up to ReadyForQuery.
// Times come from chunk records: the record holding a byte gives its arrival (a record is the
// first read of possibly several folded together, so an end can read slightly early).
import type { DecodedMessage, DecoderName } from '../../../../../shared/decoders/types';
import type { Detection, Direction } from '../../../../../shared/model';

export interface Arrival {
  readonly direction: Direction;
  readonly offset: number;
  readonly at: number;
}

export interface ExchangeTiming {
  /** 1-based, in request order. */
  readonly index: number;
  readonly request: string;
  /** The final response's title; null while unanswered. */
  readonly response: string | null;
  /** First byte of the request arrived. */
  readonly requestAt: number;
  /** Last byte of the request arrived: when the server could start answering. */
  readonly sentAt: number;
  /** First byte of the response; null while unanswered. */
  readonly replyAt: number | null;
  /** Last byte of the final response. */
  readonly replyEndAt: number | null;
}

/** Exchanges kept per conversation: enough for any chart, bounded for a huge pipeline. */
const MAX_EXCHANGES = 20_000;

type Message = Pick<DecodedMessage, 'direction' | 'range' | 'kind' | 'title' | 'exchange'>;
type Lookup = (direction: Direction, offset: number) => number;

/** Arrival of the byte at `offset` of a direction: the record holding it, by binary search. */
function arrivalLookup(order: readonly Arrival[]): Lookup {
  const by: Record<Direction, Arrival[]> = { in: [], out: [] };
  for (const a of order) by[a.direction].push(a);
  for (const d of ['in', 'out'] as const) by[d].sort((a, b) => a.offset - b.offset);
  return (direction, offset) => {
    const list = by[direction];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid]?.offset ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return list[lo - 1]?.at ?? list[0]?.at ?? 0;
  };
}

const firstAt = (m: Message, at: Lookup) => at(m.direction, m.range.offset);
const lastAt = (m: Message, at: Lookup) =>
  at(m.direction, m.range.offset + Math.max(0, m.range.length - 1));

function timing(
  index: number,
  request: readonly Message[],
  reply: readonly Message[],
  at: Lookup,
  title: string,
): ExchangeTiming | null {
  const first = request[0];
  const last = request[request.length - 1];
  if (!first || !last) return null;
  const r0 = reply[0];
  const r1 = reply[reply.length - 1];
  return {
    index,
    request: title,
    response: r1 ? r1.title : null,
    requestAt: firstAt(first, at),
    sentAt: lastAt(last, at),
    replyAt: r0 ? firstAt(r0, at) : null,
    replyEndAt: r1 ? lastAt(r1, at) : null,
  };
}

/** HTTP and Redis: pairs by the decoders' exchange numbers (interim 1xx share theirs). */
function byExchangeNumber(messages: readonly Message[], at: Lookup): ExchangeTiming[] {
  const requests = new Map<number, Message[]>();
  const replies = new Map<number, Message[]>();
  for (const m of messages) {
    if (m.exchange === null) continue;
    const map = m.direction === 'in' ? requests : replies;
    let list = map.get(m.exchange);
    if (!list) map.set(m.exchange, (list = []));
    list.push(m);
  }
  const out: ExchangeTiming[] = [];
  const numbers = [...requests.keys()].sort((a, b) => a - b);
  for (const n of numbers) {
    if (out.length >= MAX_EXCHANGES) break;
    const req = (requests.get(n) ?? []).sort((a, b) => a.range.offset - b.range.offset);
    const rep = (replies.get(n) ?? []).sort((a, b) => a.range.offset - b.range.offset);
    const t = timing(out.length + 1, req, rep, at, req[0]?.title ?? '');
    if (t) out.push(t);
  }
  return out;
}

const PG_ENDS_REQUEST = new Set(['Query', 'Sync', 'FunctionCall', 'StartupMessage']);
/** Frontend messages that answer the backend (authentication) or negotiate: not requests. */
const PG_NOT_REQUEST = new Set(['PasswordMessage', 'SSLRequest', 'GSSENCRequest', 'Terminate']);
const PG_NOT_REPLY = new Set(['SSLResponse', 'GSSENCResponse']);

function postgresTitle(group: readonly Message[]): string {
  const parse = group.find((m) => m.kind === 'Parse');
  const end = group[group.length - 1];
  if (parse) return `${parse.title} (extended)`;
  return end?.title ?? '';
}

function postgres(messages: readonly Message[], at: Lookup): ExchangeTiming[] {
  const sorted = [...messages].sort((a, b) => a.range.offset - b.range.offset);
  const groups: Message[][] = [];
  let group: Message[] = [];
  for (const m of sorted) {
    if (m.direction !== 'in' || PG_NOT_REQUEST.has(m.kind)) continue;
    group.push(m);
    if (PG_ENDS_REQUEST.has(m.kind)) {
      groups.push(group);
      group = [];
    }
  }
  const replies: Message[][] = [];
  let reply: Message[] = [];
  for (const m of sorted) {
    if (m.direction !== 'out' || PG_NOT_REPLY.has(m.kind)) continue;
    reply.push(m);
    if (m.kind === 'ReadyForQuery') {
      replies.push(reply);
      reply = [];
    }
  }
  // A reply still in progress belongs to the next unanswered request: shows its first byte.
  if (reply.length > 0) replies.push(reply);
  const out: ExchangeTiming[] = [];
  for (let i = 0; i < groups.length && out.length < MAX_EXCHANGES; i++) {
    const g = groups[i] ?? [];
    const r = replies[i] ?? [];
    const done = r[r.length - 1]?.kind === 'ReadyForQuery';
    const t = timing(i + 1, g, r, at, postgresTitle(g));
    if (t) out.push(done ? t : { ...t, response: null, replyEndAt: null });
  }
  return out;
}

export type TimedProtocol = Extract<DecoderName, 'http' | 'redis' | 'postgres'>;

/** The request/response protocol of a connection, from either direction's detection. */
export function timedProtocolOf(detected: Detection): TimedProtocol | null {
  for (const p of [detected.in, detected.out]) {
    if (p === 'http' || p === 'redis' || p === 'postgres') return p;
  }
  return null;
}

export function exchangeTimings(
  decoder: TimedProtocol,
  messages: readonly Message[],
  order: readonly Arrival[],
): ExchangeTiming[] {
  const at = arrivalLookup(order);
  return decoder === 'postgres' ? postgres(messages, at) : byExchangeNumber(messages, at);
}
