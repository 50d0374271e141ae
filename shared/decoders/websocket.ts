// WebSocket (RFC 6455) decoder: the HTTP upgrade head of each direction (request on 'in', 101
// response on 'out'), then frames. Payloads are unmasked; permessage-deflate (RSV1) payloads are
// marked compressed and left deflated.

import type { Direction } from '../model';
import type { ConversationBytes, DecodedField } from './types';
import { headerFields, parseHead } from './http-head';
import { type DecoderOutput, byteRange, emptyOutput, markUnparsed } from './result';
import { hex16, oneLine, u16, u32, utf8 } from './text';

const OPCODES: Record<number, string> = {
  0: 'CONTINUATION',
  1: 'TEXT',
  2: 'BINARY',
  8: 'CLOSE',
  9: 'PING',
  10: 'PONG',
};

const CLOSE_CODES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status',
  1006: 'abnormal closure',
  1007: 'invalid payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'mandatory extension',
  1011: 'internal error',
  1012: 'service restart',
  1013: 'try again later',
  1015: 'TLS handshake',
};

/** Skips the upgrade head; returns where frames start, or null when decoding must stop. */
function skipHandshake(b: Uint8Array, direction: Direction, out: DecoderOutput): number | null {
  if (b.length === 0) return null;
  const head = parseHead(b, 0, direction === 'in' ? 'request' : 'response');
  if (head.status === 'incomplete') {
    out.partial = true;
    return null;
  }
  if (head.status === 'invalid') {
    markUnparsed(out, direction, head.at, b.length, `handshake: ${head.reason}`);
    return null;
  }
  out.messages.push({
    direction,
    range: byteRange(direction, 0, head.end),
    kind: 'handshake',
    title: oneLine(head.startLine),
    fields: headerFields(head.headers),
    body: null,
    exchange: null,
  });
  if (head.response && head.response.code !== 101) {
    markUnparsed(out, direction, head.end, b.length, `handshake refused (${head.response.code})`);
    return null;
  }
  return head.end;
}

function formatBytes(n: number): string {
  return `${n} B`;
}

function decodeFrames(
  b: Uint8Array,
  direction: Direction,
  start: number,
  out: DecoderOutput,
): void {
  let pos = start;
  // Continuation frames carry the type of the fragmented message's first frame.
  let fragmentedText = false;
  while (pos < b.length) {
    if (pos + 2 > b.length) {
      out.partial = true;
      return;
    }
    const b0 = b[pos] ?? 0;
    const b1 = b[pos + 1] ?? 0;
    const fin = (b0 & 0x80) !== 0;
    const rsv = [(b0 & 0x40) !== 0, (b0 & 0x20) !== 0, (b0 & 0x10) !== 0];
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      header = 4;
      if (pos + header > b.length) break;
      length = u16(b, pos + 2);
    } else if (length === 127) {
      header = 10;
      if (pos + header > b.length) break;
      const high = u32(b, pos + 2);
      // Payloads past 2^53 cannot be represented (and the MSB must be 0 per RFC 6455 §5.2).
      if (high > 0x1fffff) {
        markUnparsed(out, direction, pos, b.length, '64-bit frame length out of range');
        return;
      }
      length = high * 0x100000000 + u32(b, pos + 6);
    }
    const maskAt = pos + header;
    if (masked) header += 4;
    if (pos + header > b.length) break;
    const payloadStart = pos + header;
    const payloadEnd = Math.min(b.length, payloadStart + length);
    const complete = payloadStart + length <= b.length;
    const payload = b.slice(payloadStart, payloadEnd);
    if (masked) {
      for (let i = 0; i < payload.length; i++)
        payload[i] = (payload[i] ?? 0) ^ (b[maskAt + (i & 3)] ?? 0);
    }
    const name = OPCODES[opcode] ?? `RESERVED ${hex16(opcode)}`;
    const isText = opcode === 1 || (opcode === 0 && fragmentedText);
    if (opcode === 1 || opcode === 2) fragmentedText = opcode === 1 && !fin;
    else if (opcode === 0 && fin) fragmentedText = false;
    const fields: DecodedField[] = [
      { name: 'Opcode', value: `${name} (${opcode})` },
      { name: 'FIN', value: fin ? 'yes' : 'no (fragment follows)' },
      { name: 'RSV1', value: rsv[0] ? 'set (compressed: permessage-deflate)' : 'clear' },
      { name: 'RSV2', value: rsv[1] ? 'set' : 'clear' },
      { name: 'RSV3', value: rsv[2] ? 'set' : 'clear' },
      { name: 'Masked', value: masked ? 'yes' : 'no' },
      { name: 'Payload length', value: formatBytes(length) },
    ];
    if (masked)
      fields.push({
        name: 'Mask key',
        value: Array.from(b.subarray(maskAt, maskAt + 4), (x) =>
          x.toString(16).padStart(2, '0'),
        ).join(' '),
      });
    const flags = [`${name} frame`];
    if (fin) flags.push('FIN');
    if (rsv[0]) flags.push('compressed');
    if (masked) flags.push('masked');
    if (opcode === 8 && payload.length >= 2) {
      const code = u16(payload, 0);
      const reason = utf8(payload, 2, payload.length);
      fields.push({ name: 'Close code', value: `${code} ${CLOSE_CODES[code] ?? ''}`.trim() });
      if (payload.length > 2) fields.push({ name: 'Close reason', value: reason });
      flags.push(String(code));
    }
    flags.push(formatBytes(length));
    out.messages.push({
      direction,
      range: byteRange(direction, pos, payloadEnd),
      kind: 'frame',
      title: flags.join(' · '),
      fields,
      body: {
        bytes: payload,
        range: byteRange(direction, payloadStart, payloadEnd),
        contentType: isText ? 'text/plain; charset=utf-8' : null,
        contentEncoding: rsv[0] ? 'permessage-deflate' : null,
        complete,
      },
      exchange: null,
    });
    if (!complete) {
      out.partial = true;
      return;
    }
    pos = payloadEnd;
  }
  // Only reached by `break`: a frame header cut at the end of the stream.
  if (pos < b.length) out.partial = true;
}

export function decodeWebSocket(bytes: ConversationBytes): DecoderOutput {
  const out = emptyOutput();
  for (const direction of ['in', 'out'] as const) {
    const b = bytes[direction];
    const start = skipHandshake(b, direction, out);
    if (start !== null) decodeFrames(b, direction, start, out);
  }
  return out;
}
