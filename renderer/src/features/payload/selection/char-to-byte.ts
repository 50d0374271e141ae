// A caret inside a rendered span → the stream byte it stands for. Every span that shows bytes
// carries `data-off` (stream offset of its first byte) and `data-map` (how its characters map to
// bytes); this module is the pure half of mapping a DOM selection back to bytes.
import type { TextEncoding } from '../view-options/text-encoding';

/**
 * t:<enc> text run, e:<enc> escape run, h0 / h1 hex pairs ("aa bb", " aa bb": with a leading
 * space), a ASCII column (one char per byte).
 */
export type SpanMap = `t:${TextEncoding}` | `e:${TextEncoding}` | 'h0' | 'h1' | 'a';

/** Which way to round a caret that falls inside one byte's characters. */
export type Side = 'start' | 'end';

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function textBytes(encoding: TextEncoding, text: string): number {
  if (encoding === 'latin1') return text.length;
  if (encoding !== 'utf-8') return text.length * 2;
  let n = 0;
  for (const ch of text) n += utf8Length(ch.codePointAt(0) ?? 0);
  return n;
}

/** Bytes one escape token stands for (\xNN is always one byte). */
function escapeBytes(encoding: TextEncoding, token: string): number {
  if (token.startsWith('\\x')) return 1;
  const wide = encoding === 'utf-16le' || encoding === 'utf-16be';
  if (token.startsWith('\\u{')) {
    const cp = Number.parseInt(token.slice(3, -1), 16) || 0;
    if (wide) return cp > 0xffff ? 4 : 2;
    return encoding === 'utf-8' ? utf8Length(cp) : 1;
  }
  return wide ? 2 : 1; // \r
}

function escapeOffset(encoding: TextEncoding, text: string, k: number, side: Side): number {
  const tokens = text.split(/(?=\\)/);
  let chars = 0;
  let bytes = 0;
  for (const token of tokens) {
    if (k <= chars) break;
    const len = escapeBytes(encoding, token);
    if (k < chars + token.length) return side === 'start' ? bytes : bytes + len;
    chars += token.length;
    bytes += len;
  }
  return bytes;
}

function hexOffset(lead: number, k: number, side: Side): number {
  // Byte j's pair sits at chars [3j + lead, 3j + lead + 2).
  if (side === 'start') return Math.max(0, Math.floor((k + 1 - lead) / 3));
  return Math.max(0, Math.ceil((k - lead) / 3));
}

/** Bytes from the span's first byte to caret `k` (a character index into its text). */
export function byteOffsetIn(map: SpanMap, text: string, k: number, side: Side): number {
  const at = Math.max(0, Math.min(k, text.length));
  if (map === 'a') return at;
  if (map === 'h0') return hexOffset(0, at, side);
  if (map === 'h1') return hexOffset(1, at, side);
  const encoding = map.slice(2) as TextEncoding;
  if (map.startsWith('e:')) return escapeOffset(encoding, text, at, side);
  return textBytes(encoding, text.slice(0, at));
}

/** The byte count a whole span stands for. */
export function spanBytes(map: SpanMap, text: string): number {
  return byteOffsetIn(map, text, text.length, 'end');
}
