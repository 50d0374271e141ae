// TLS decoder: records per direction (content type, version, length); plaintext handshake
// messages named, ClientHello/ServerHello parsed; after ChangeCipherSpec (or any application
// data record) everything in that direction is opaque ciphertext.

import type { Direction } from '../model';
import type { ConversationBytes, DecodedField } from './types';
import { type DecoderOutput, byteRange, emptyOutput, markUnparsed } from './result';
import { oneLine, u16, u24 } from './text';
import { parseHello } from './tls-hello';
import { ALERTS, CONTENT_TYPES, HANDSHAKE_TYPES, versionName } from './tls-names';

/** RFC 8446 §5.2: ciphertext records are at most 2^14 + 256 bytes; allow the 1.2 limit. */
const MAX_RECORD = 16384 + 2048;

interface Summary {
  kind: string;
  title: string;
  fields: DecodedField[];
}

/** Names (and for hellos, details) of the handshake messages in one record's fragment. */
function handshake(
  b: Uint8Array,
  start: number,
  end: number,
  carry: number,
): { summary: Summary; carry: number } {
  const names: string[] = [];
  const fields: DecodedField[] = [];
  let kind = 'Handshake';
  let detail: string[] = [];
  let pos = start;
  if (carry > 0) {
    const used = Math.min(carry, end - start);
    names.push('(continued message)');
    pos += used;
    carry -= used;
  }
  while (pos + 4 <= end) {
    const type = b[pos] ?? 0;
    const length = u24(b, pos + 1);
    const name = HANDSHAKE_TYPES[type] ?? `handshake type ${type}`;
    names.push(name);
    const bodyEnd = pos + 4 + length;
    if (kind === 'Handshake') kind = name;
    if ((type === 1 || type === 2) && bodyEnd <= end) {
      const hello = parseHello(b, pos + 4, bodyEnd, type === 1);
      fields.push(...hello.fields);
      detail = hello.summary;
    }
    if (bodyEnd > end) {
      // A message split across records: the next record starts with its remainder.
      carry = bodyEnd - end;
      fields.push({ name, value: `${length} B, continues in the next record` });
      break;
    }
    pos = bodyEnd;
  }
  const title = [names.join(' + ') || 'Handshake', ...detail].join(' · ');
  return { summary: { kind, title, fields }, carry };
}

function record(type: number, b: Uint8Array, start: number, end: number): Summary {
  if (type === 20) return { kind: 'ChangeCipherSpec', title: 'ChangeCipherSpec', fields: [] };
  if (type === 21 && end - start >= 2) {
    const level = b[start] === 2 ? 'fatal' : b[start] === 1 ? 'warning' : `level ${b[start] ?? 0}`;
    const code = b[start + 1] ?? 0;
    const description = ALERTS[code] ?? `alert ${code}`;
    return {
      kind: 'Alert',
      title: `Alert: ${level} ${description}`,
      fields: [
        { name: 'Level', value: level },
        { name: 'Description', value: `${description} (${code})` },
      ],
    };
  }
  const name = CONTENT_TYPES[type] ?? `type ${type}`;
  return { kind: name, title: `${name}, ${end - start} B`, fields: [] };
}

function decodeDirection(b: Uint8Array, direction: Direction, out: DecoderOutput): void {
  let pos = 0;
  let encrypted = false;
  let carry = 0;
  while (pos < b.length) {
    if (pos + 5 > b.length) {
      out.partial = true;
      return;
    }
    const type = b[pos] ?? 0;
    const version = u16(b, pos + 1);
    const length = u16(b, pos + 3);
    if (CONTENT_TYPES[type] === undefined || version >> 8 !== 3 || length > MAX_RECORD) {
      markUnparsed(out, direction, pos, b.length, 'not a TLS record header');
      return;
    }
    const end = pos + 5 + length;
    const fragmentEnd = Math.min(end, b.length);
    let summary: Summary;
    if (encrypted || type === 23) {
      encrypted = true;
      summary = { kind: 'encrypted', title: `Encrypted record, ${length} B`, fields: [] };
    } else if (type === 22) {
      const hs = handshake(b, pos + 5, fragmentEnd, carry);
      summary = hs.summary;
      carry = hs.carry;
    } else {
      summary = record(type, b, pos + 5, fragmentEnd);
      if (type === 20) encrypted = true;
    }
    out.messages.push({
      direction,
      range: byteRange(direction, pos, fragmentEnd),
      kind: summary.kind,
      title: oneLine(summary.title),
      fields: [
        { name: 'Record type', value: `${CONTENT_TYPES[type] ?? type} (${type})` },
        { name: 'Record version', value: versionName(version) },
        { name: 'Record length', value: `${length} B` },
        ...summary.fields,
      ],
      body: null,
      exchange: null,
    });
    if (end > b.length) {
      out.partial = true;
      return;
    }
    pos = end;
  }
}

export function decodeTls(bytes: ConversationBytes): DecoderOutput {
  const out = emptyOutput();
  decodeDirection(bytes.in, 'in', out);
  decodeDirection(bytes.out, 'out', out);
  return out;
}
