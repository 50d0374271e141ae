// RESP2/RESP3 value parsing (https://redis.io/docs/latest/develop/reference/protocol-spec/).
// Recursive with a depth limit; every element consumes at least 3 bytes, so a huge declared
// count stops at the end of the input rather than looping.

import { utf8 } from './text';

export type RespValue =
  | {
      readonly type: 'simple' | 'error' | 'integer' | 'double' | 'bignum' | 'boolean';
      readonly text: string;
    }
  | { readonly type: 'bulk' | 'bulkError' | 'verbatim'; readonly bytes: Uint8Array }
  | { readonly type: 'null' }
  | {
      readonly type: 'array' | 'set' | 'push' | 'map' | 'attribute';
      readonly items: readonly RespValue[];
    };

export type RespParse =
  | { readonly status: 'ok'; readonly value: RespValue; readonly end: number }
  | { readonly status: 'incomplete' }
  | { readonly status: 'invalid'; readonly at: number; readonly reason: string };

const MAX_DEPTH = 64;
/** Type lines (lengths, integers, simple strings) longer than this are malformed. */
const MAX_LINE = 64 * 1024;
const INCOMPLETE: RespParse = { status: 'incomplete' };

/** The line from `pos` up to CRLF: [pos, cr) and the offset after LF. */
function line(b: Uint8Array, pos: number): { end: number; next: number } | RespParse {
  const lf = b.indexOf(10, pos);
  if (lf < 0) {
    return b.length - pos > MAX_LINE
      ? { status: 'invalid', at: pos, reason: 'line too long' }
      : INCOMPLETE;
  }
  if (lf === pos || b[lf - 1] !== 13)
    return { status: 'invalid', at: pos, reason: 'line not ended by CRLF' };
  return { end: lf - 1, next: lf + 1 };
}

const SIMPLE: Record<string, 'simple' | 'error' | 'integer' | 'double' | 'bignum' | 'boolean'> = {
  '+': 'simple',
  '-': 'error',
  ':': 'integer',
  ',': 'double',
  '(': 'bignum',
  '#': 'boolean',
};
const BLOB: Record<string, 'bulk' | 'bulkError' | 'verbatim'> = {
  $: 'bulk',
  '!': 'bulkError',
  '=': 'verbatim',
};
const AGGREGATE: Record<string, 'array' | 'set' | 'push' | 'map' | 'attribute'> = {
  '*': 'array',
  '~': 'set',
  '>': 'push',
  '%': 'map',
  '|': 'attribute',
};

export const RESP_TYPE_BYTES = '+-:,(#$!=*~>%|_';

export function parseResp(b: Uint8Array, pos: number, depth = 0): RespParse {
  if (pos >= b.length) return INCOMPLETE;
  if (depth > MAX_DEPTH) return { status: 'invalid', at: pos, reason: 'nesting too deep' };
  const marker = String.fromCharCode(b[pos] ?? 0);
  const l = line(b, pos + 1);
  if ('status' in l) return l;
  const head = utf8(b, pos + 1, l.end, MAX_LINE);
  const simple = SIMPLE[marker];
  if (simple) return { status: 'ok', value: { type: simple, text: head }, end: l.next };
  if (marker === '_') return { status: 'ok', value: { type: 'null' }, end: l.next };
  if (!/^-?\d{1,15}$/.test(head)) {
    return RESP_TYPE_BYTES.includes(marker)
      ? {
          status: 'invalid',
          at: pos,
          reason: `invalid length ${JSON.stringify(head.slice(0, 20))}`,
        }
      : { status: 'invalid', at: pos, reason: `unknown RESP type byte ${JSON.stringify(marker)}` };
  }
  const n = Number(head);
  const blob = BLOB[marker];
  if (blob) {
    if (n < 0) return { status: 'ok', value: { type: 'null' }, end: l.next };
    const end = l.next + n;
    if (end + 2 > b.length) return INCOMPLETE;
    if (b[end] !== 13 || b[end + 1] !== 10)
      return { status: 'invalid', at: end, reason: 'bulk string not ended by CRLF' };
    return { status: 'ok', value: { type: blob, bytes: b.subarray(l.next, end) }, end: end + 2 };
  }
  const aggregate = AGGREGATE[marker];
  if (!aggregate)
    return {
      status: 'invalid',
      at: pos,
      reason: `unknown RESP type byte ${JSON.stringify(marker)}`,
    };
  if (n < 0) return { status: 'ok', value: { type: 'null' }, end: l.next };
  const count = aggregate === 'map' || aggregate === 'attribute' ? n * 2 : n;
  const items: RespValue[] = [];
  let at = l.next;
  for (let i = 0; i < count; i++) {
    const item = parseResp(b, at, depth + 1);
    if (item.status !== 'ok') return item;
    items.push(item.value);
    at = item.end;
  }
  return { status: 'ok', value: { type: aggregate, items }, end: at };
}
