// Switching a payload field between "Text with escapes" and "Hex" keeps the bytes: the value is
// rewritten in the other notation when it parses, and left as typed when it does not.
import { parsePayloadSpec, type PayloadFormat } from '../../../../shared/payload-spec';
import type { PayloadDraft } from './payload-draft';

const ESCAPES: Readonly<Record<number, string>> = {
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x00: '\\0',
  0x1b: '\\e',
  0x5c: '\\\\',
};

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, hex2).join(' ');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Length of the well-formed UTF-8 sequence starting at i, or 0 when there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const n = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
  if (n === 0 || lead >= 0xf5 || i + n > bytes.length) return 0;
  try {
    const ch = utf8.decode(bytes.subarray(i, i + n));
    // C1 controls are invisible; they read better as escapes.
    return (ch.codePointAt(0) ?? 0) < 0xa0 ? 0 : n;
  } catch {
    return 0;
  }
}

/** Printable text stays text; everything else becomes an escape that parses back to it. */
export function bytesToEscapedText(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    const escape = ESCAPES[b];
    if (escape !== undefined) {
      out += escape;
      i += 1;
    } else if (b >= 0x20 && b < 0x7f) {
      out += String.fromCharCode(b);
      i += 1;
    } else {
      const n = b >= 0x80 ? sequenceLength(bytes, i) : 0;
      out += n > 0 ? utf8.decode(bytes.subarray(i, i + n)) : `\\x${hex2(b)}`;
      i += Math.max(1, n);
    }
  }
  return out;
}

export function convertPayload(draft: PayloadDraft, format: PayloadFormat): PayloadDraft {
  if (format === draft.format) return draft;
  const parsed = parsePayloadSpec(draft);
  if (!parsed.ok) return { format, value: draft.value };
  const value = format === 'hex' ? bytesToHex(parsed.bytes) : bytesToEscapedText(parsed.bytes);
  return { format, value };
}
