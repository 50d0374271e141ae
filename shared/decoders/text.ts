// Byte → display-text helpers for decoders. shared/ has no TextDecoder or Buffer (lib ES2022 only),
// and captured bytes are hostile: every helper here escapes what is not plain text as \xNN, so a
// value can be shown as-is without hiding or smuggling bytes.

const HEX = '0123456789abcdef';

/** Longest text a decoder puts in one field: the raw bytes stay one click away. */
export const MAX_FIELD_CHARS = 4096;
/** Longest title: one line a person reads. */
const MAX_TITLE_CHARS = 200;

function hexByte(b: number): string {
  return '\\x' + HEX[(b >> 4) & 15] + HEX[b & 15];
}

export function hex16(v: number): string {
  return '0x' + v.toString(16).padStart(4, '0');
}

function isShown(c: number, keepLines: boolean): boolean {
  if (c === 0x09) return true;
  if (c === 0x0a || c === 0x0d) return keepLines;
  return c >= 0x20 && c !== 0x7f;
}

/** Bytes as latin1-ish ASCII: printable ASCII kept, everything else \xNN. */
export function ascii(b: Uint8Array, start: number, end: number, max = MAX_FIELD_CHARS): string {
  const parts: string[] = [];
  const stop = Math.min(end, b.length, start + max);
  for (let i = start; i < stop; i++) {
    const c = b[i] ?? 0;
    parts.push(c < 0x80 && isShown(c, false) ? String.fromCharCode(c) : hexByte(c));
  }
  if (stop < Math.min(end, b.length)) parts.push('…');
  return parts.join('');
}

/**
 * Bytes as UTF-8: well-formed sequences decoded, lone or invalid bytes and control characters
 * shown as \xNN (line breaks kept when `keepLines`, e.g. for SQL text).
 */
export function utf8(
  b: Uint8Array,
  start: number,
  end: number,
  max = MAX_FIELD_CHARS,
  keepLines = false,
): string {
  const parts: string[] = [];
  const stop = Math.min(end, b.length);
  let i = start;
  let chars = 0;
  while (i < stop && chars < max) {
    const c = b[i] ?? 0;
    chars++;
    if (c < 0x80) {
      parts.push(isShown(c, keepLines) ? String.fromCharCode(c) : hexByte(c));
      i++;
      continue;
    }
    const need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    let cp = need === 3 ? c & 0x07 : need === 2 ? c & 0x0f : c & 0x1f;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const n = b[i + k] ?? 0;
      if (i + k >= stop || (n & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (n & 0x3f);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if (ok && need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok && need === 3 && (cp < 0x10000 || cp > 0x10ffff)) ok = false;
    if (ok) {
      parts.push(String.fromCodePoint(cp));
      i += need + 1;
    } else {
      parts.push(hexByte(c));
      i++;
    }
  }
  if (i < stop) parts.push('…');
  return parts.join('');
}

/** A string made one line and short enough for a title. */
export function oneLine(s: string, max = MAX_TITLE_CHARS): string {
  const flat = s.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

export function u24(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 16) | ((b[at + 1] ?? 0) << 8) | (b[at + 2] ?? 0);
}

/** Unsigned 32-bit big-endian (as a non-negative number). */
export function u32(b: Uint8Array, at: number): number {
  return (
    (((b[at] ?? 0) << 24) |
      ((b[at + 1] ?? 0) << 16) |
      ((b[at + 2] ?? 0) << 8) |
      (b[at + 3] ?? 0)) >>>
    0
  );
}

/** Signed 32-bit big-endian. */
export function i32(b: Uint8Array, at: number): number {
  return u32(b, at) | 0;
}
