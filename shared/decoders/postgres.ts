// PostgreSQL decoder: the frontend's untyped startup phase (SSLRequest/GSSENCRequest answered by
// one 'S'/'G'/'N' byte from the backend, then StartupMessage or CancelRequest), then typed
// messages in both directions. An accepted SSL/GSS request ends decoding: the rest is encrypted.

import type { Direction } from '../model';
import type { ConversationBytes } from './types';
import { typedMessage, untypedMessage } from './postgres-messages';
import { messageName } from './postgres-names';
import { type DecoderOutput, byteRange, emptyOutput, markUnparsed } from './result';
import { oneLine, u32 } from './text';

/** Startup packets are small; the server rejects ones over 10000 bytes. */
const MAX_STARTUP = 10000;
/** The server's limit for a typed message (1 GB): longer lengths mean the stream is not pg. */
const MAX_MESSAGE = 0x40000000;

interface Cursor {
  pos: number;
}

function decodeTyped(b: Uint8Array, direction: Direction, start: number, out: DecoderOutput): void {
  const frontend = direction === 'in';
  let pos = start;
  while (pos < b.length) {
    const type = String.fromCharCode(b[pos] ?? 0);
    if (messageName(type, frontend) === undefined) {
      markUnparsed(
        out,
        direction,
        pos,
        b.length,
        `unknown ${frontend ? 'frontend' : 'backend'} message type ${JSON.stringify(type)}`,
      );
      return;
    }
    if (pos + 5 > b.length) {
      out.partial = true;
      return;
    }
    const length = u32(b, pos + 1);
    if (length < 4 || length > MAX_MESSAGE) {
      markUnparsed(out, direction, pos, b.length, `invalid message length ${length}`);
      return;
    }
    const end = pos + 1 + length;
    const cut = end > b.length;
    const summary = typedMessage(b, type, pos + 5, Math.min(end, b.length), frontend);
    out.messages.push({
      direction,
      range: byteRange(direction, pos, Math.min(end, b.length)),
      kind: summary.kind,
      title: oneLine(summary.title) + (cut ? ' (incomplete)' : ''),
      fields: summary.fields,
      body: null,
      exchange: null,
    });
    if (cut) {
      out.partial = true;
      return;
    }
    pos = end;
  }
}

/**
 * The untyped phase: 'typed' when both cursors point at the first typed message; 'out-only' when
 * the frontend is cut or malformed (the backend can still be read); 'stop' when encrypted or
 * waiting for the backend's answer to a negotiation request.
 */
type Phase = 'typed' | 'out-only' | 'stop';

function startup(
  bytes: ConversationBytes,
  inCur: Cursor,
  outCur: Cursor,
  out: DecoderOutput,
): Phase {
  const b = bytes.in;
  for (;;) {
    if (inCur.pos >= b.length) return 'typed';
    if (inCur.pos + 8 > b.length) {
      out.partial = true;
      return 'out-only';
    }
    const length = u32(b, inCur.pos);
    if (length < 8 || length > MAX_STARTUP) {
      markUnparsed(
        out,
        'in',
        inCur.pos,
        b.length,
        `not a PostgreSQL startup packet (length ${length})`,
      );
      return 'out-only';
    }
    const end = inCur.pos + length;
    if (end > b.length) {
      out.partial = true;
      return 'out-only';
    }
    const msg = untypedMessage(b, inCur.pos + 4, end);
    out.messages.push({
      direction: 'in',
      range: byteRange('in', inCur.pos, end),
      kind: msg.kind,
      title: oneLine(msg.title),
      fields: msg.fields,
      body: null,
      exchange: null,
    });
    inCur.pos = end;
    if (msg.negotiation === null) return 'typed';
    const answer = bytes.out[outCur.pos];
    if (answer === undefined) {
      // The backend has not answered yet: what follows on 'in' depends on its answer.
      out.partial = true;
      return 'stop';
    }
    const letter = String.fromCharCode(answer);
    if (letter !== 'S' && letter !== 'G' && letter !== 'N') return 'typed'; // e.g. an ErrorResponse
    const accepted = letter !== 'N';
    const what = msg.negotiation === 'ssl' ? 'SSL' : 'GSS encryption';
    out.messages.push({
      direction: 'out',
      range: byteRange('out', outCur.pos, outCur.pos + 1),
      kind: msg.negotiation === 'ssl' ? 'SSLResponse' : 'GSSENCResponse',
      title: `${what} ${accepted ? 'accepted' : 'refused'} ('${letter}')`,
      fields: [{ name: 'Answer', value: letter }],
      body: null,
      exchange: null,
    });
    outCur.pos += 1;
    if (accepted) {
      const reason =
        msg.negotiation === 'ssl'
          ? 'TLS-encrypted after SSLRequest (use the tls decoder)'
          : 'GSS-encrypted after GSSENCRequest';
      markUnparsed(out, 'in', inCur.pos, b.length, reason);
      markUnparsed(out, 'out', outCur.pos, bytes.out.length, reason);
      return 'stop';
    }
  }
}

export function decodePostgres(bytes: ConversationBytes): DecoderOutput {
  const out = emptyOutput();
  const inCur = { pos: 0 };
  const outCur = { pos: 0 };
  const phase = startup(bytes, inCur, outCur, out);
  if (phase === 'typed') decodeTyped(bytes.in, 'in', inCur.pos, out);
  if (phase !== 'stop') decodeTyped(bytes.out, 'out', outCur.pos, out);
  return out;
}
