// What the decoder property tests and `npm run fuzz` share: a valid conversation per decoder to
// mutate, the mutations, and the check every decoded result must pass (no decoder error, ranges
// inside the input and not overlapping, deterministic, and prompt: bounded CPU per input).

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeConversation } from '../../shared/decoders/decode-conversation';
import type { DecoderName } from '../../shared/decoders/types';
import { assertInvariants, bytesOf, concatBytes } from './decoder-harness';

export const i32 = (v: number): number[] => [
  (v >>> 24) & 255,
  (v >> 16) & 255,
  (v >> 8) & 255,
  v & 255,
];
const pgTyped = (type: string, body: readonly number[]): number[] => [
  type.charCodeAt(0),
  ...i32(body.length + 4),
  ...body,
];
const tlsRecord = (type: number, body: readonly number[]): number[] => [
  type,
  3,
  3,
  body.length >> 8,
  body.length & 255,
  ...body,
];
const cstr = (s: string): number[] => [...Buffer.from(s), 0];

export const WS_UP = 'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
const WS_OK =
  'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';

/** A valid conversation per decoder, for mutation. */
export const SAMPLES: Record<DecoderName, { in: Uint8Array; out: Uint8Array }> = {
  http: {
    in: bytesOf(
      'GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: 1\r\n\r\n',
    ),
    out: bytesOf(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1 200 OK\r\n\r\nrest',
    ),
  },
  websocket: {
    in: concatBytes(
      WS_UP,
      [0x81, 0x83, 1, 2, 3, 4, 0x60, 0x60, 0x60],
      [0x88, 0x82, 0, 0, 0, 0, 3, 0xe8],
    ),
    out: concatBytes(WS_OK, [0x82, 0x7e, 0, 2, 9, 9], [0x01, 1, 0x61, 0x80, 1, 0x62]),
  },
  tls: {
    in: concatBytes(
      tlsRecord(22, [
        1,
        0,
        0,
        49,
        3,
        3,
        ...new Array<number>(32).fill(1),
        0,
        0,
        2,
        0x13,
        1,
        1,
        0,
        0,
        6,
        0,
        0,
        0,
        2,
        0,
        0,
      ]),
      tlsRecord(20, [1]),
      tlsRecord(23, [9, 9]),
    ),
    out: concatBytes(
      tlsRecord(22, [2, 0, 0, 38, 3, 3, ...new Array<number>(32).fill(2), 0, 0x13, 1, 0]),
      tlsRecord(21, [2, 40]),
    ),
  },
  redis: {
    in: bytesOf('*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n'),
    out: bytesOf('$-1\r\n+PONG\r\n*2\r\n:1\r\n%1\r\n+a\r\n#t\r\n-ERR x\r\n'),
  },
  postgres: {
    in: concatBytes(
      i32(8),
      i32(80877103),
      i32(16),
      i32(196608),
      cstr('user'),
      cstr('u'),
      [0],
      pgTyped('Q', cstr('select 1')),
    ),
    out: concatBytes(
      'N',
      pgTyped('R', i32(0)),
      pgTyped('Z', [0x49]),
      pgTyped('E', [0x53, ...cstr('ERROR'), 0]),
    ),
  },
};

/**
 * CPU milliseconds this process has used. Decoding is synchronous work in this process, so its
 * CPU time is what it costs; wall time would also count every other process on a busy machine.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Decodes and checks: no decoder error, invariants hold, and it returns promptly. */
export function check(name: DecoderName, inBytes: Uint8Array, outBytes: Uint8Array): void {
  const bytes = { in: inBytes, out: outBytes, order: [] };
  const started = cpuMs();
  const result = decodeConversation(name, bytes);
  const used = cpuMs() - started;
  // At most 8 KiB of input: a decoder that loops or backtracks shows up as hundreds of ms of CPU.
  assert.ok(
    used < 500,
    `${name} used ${used.toFixed(0)} ms of CPU on ${bytes.in.length + bytes.out.length} bytes`,
  );
  assert.ok(
    !result.unparsed.some((u) => u.reason.startsWith('decoder error')),
    JSON.stringify(result.unparsed),
  );
  assertInvariants(result, bytes);
  // Decoding is deterministic.
  assert.deepEqual(decodeConversation(name, bytes), result);
}

export type Mutation = { kind: 'flip' | 'insert' | 'delete'; at: number; value: number };

export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  const list = [...bytes];
  for (const m of mutations) {
    const at = list.length === 0 ? 0 : m.at % list.length;
    if (m.kind === 'flip' && list.length > 0) list[at] = m.value;
    else if (m.kind === 'insert') list.splice(at, 0, m.value);
    else list.splice(at, 1);
  }
  return Uint8Array.from(list);
}

export const mutations = fc.array(
  fc.record({
    kind: fc.constantFrom<Mutation['kind']>('flip', 'insert', 'delete'),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  { minLength: 1, maxLength: 8 },
);
