// Helpers for decoder tests: build conversations from text or bytes, check structural invariants
// (ranges inside the input, no overlap per direction), and decode every prefix of a stream.

import assert from 'node:assert/strict';
import type { Direction } from '../../shared/model';
import { decodeConversation } from '../../shared/decoders/decode-conversation';
import type {
  ByteRange,
  ConversationBytes,
  DecodedConversation,
  DecoderName,
} from '../../shared/decoders/types';

export type Bytesish = string | Uint8Array | readonly number[];

export function bytesOf(x: Bytesish): Uint8Array {
  if (typeof x === 'string') return new Uint8Array(Buffer.from(x, 'latin1'));
  return Uint8Array.from(x);
}

export function concatBytes(...parts: Bytesish[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => bytesOf(p))));
}

export function conversation(
  inBytes: Bytesish,
  outBytes: Bytesish = '',
  order: ConversationBytes['order'] = [],
): ConversationBytes {
  return { in: bytesOf(inBytes), out: bytesOf(outBytes), order };
}

export function decode(name: DecoderName, c: ConversationBytes): DecodedConversation {
  const result = decodeConversation(name, c);
  assertInvariants(result, c);
  return result;
}

/** Ranges lie within the input; messages and unparsed regions never overlap per direction. */
export function assertInvariants(result: DecodedConversation, c: ConversationBytes): void {
  const ranges: Record<Direction, ByteRange[]> = { in: [], out: [] };
  for (const m of result.messages) {
    ranges[m.direction].push(m.range);
    assert.equal(m.range.direction, m.direction);
    if (m.body) {
      assert.equal(m.body.range.direction, m.direction);
      assert.ok(m.body.range.offset >= m.range.offset, 'body starts inside its message');
      assert.ok(
        m.body.range.offset + m.body.range.length <= m.range.offset + m.range.length,
        'body ends inside its message',
      );
    }
  }
  for (const u of result.unparsed) ranges[u.range.direction].push(u.range);
  for (const direction of ['in', 'out'] as const) {
    const size = c[direction].length;
    const sorted = [...ranges[direction]].sort((a, b) => a.offset - b.offset);
    let end = 0;
    for (const r of sorted) {
      assert.ok(r.offset >= 0 && r.length >= 0, 'non-negative range');
      assert.ok(r.offset + r.length <= size, `range ${r.offset}+${r.length} within ${size}`);
      assert.ok(r.offset >= end, `ranges do not overlap in ${direction} at ${r.offset}`);
      end = r.offset + r.length;
    }
  }
}

/** Decodes every prefix of `c` (both directions cut at each length of the longer one). */
export function decodeEveryPrefix(
  name: DecoderName,
  c: ConversationBytes,
  check: (result: DecodedConversation, inLength: number, outLength: number) => void = () => {},
): void {
  const total = Math.max(c.in.length, c.out.length);
  for (let n = 0; n <= total; n++) {
    const cut = {
      in: c.in.subarray(0, Math.min(n, c.in.length)),
      out: c.out.subarray(0, Math.min(n, c.out.length)),
      order: c.order,
    };
    const result = decode(name, cut);
    assert.ok(
      !result.unparsed.some((u) => u.reason.startsWith('decoder error')),
      `no decoder error at prefix ${n}`,
    );
    check(result, cut.in.length, cut.out.length);
  }
}

export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** Chunk records splitting each direction at `splits` (arrival times in the given order). */
export function splitOrder(
  chunks: readonly { direction: Direction; offset: number }[],
): ConversationBytes['order'] {
  return chunks.map((ch, i) => ({ ...ch, at: 1000 + i }));
}
