// Byte helpers for the protocol matchers. Plain ES2022 (no TextDecoder, no Buffer), and every
// read is bounds-checked: the input is whatever a stranger sent.

/**
 * What one matcher makes of a prefix: 'yes' (sure), 'no' (cannot be it), or 'more' (consistent
 * so far; more bytes would decide).
 */
export type Match = 'yes' | 'no' | 'more';

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;

/** The byte at `i`, or -1 past the end (so comparisons fail instead of reading undefined). */
export function at(bytes: Uint8Array, i: number): number {
  return bytes[i] ?? -1;
}

/** Compares bytes from `start` with an ASCII pattern; 'more' while they are a proper prefix. */
export function matchAscii(bytes: Uint8Array, pattern: string, start = 0): Match {
  const n = Math.min(bytes.length - start, pattern.length);
  for (let i = 0; i < n; i++) if (at(bytes, start + i) !== pattern.charCodeAt(i)) return 'no';
  return n === pattern.length ? 'yes' : 'more';
}

/** Big-endian unsigned integer of `width` bytes at `start`; null if the bytes are not all there. */
export function readUint(bytes: Uint8Array, start: number, width: number): number | null {
  if (start + width > bytes.length) return null;
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + at(bytes, start + i);
  return value;
}

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** Index just past the blank line ending an HTTP head (CRLFCRLF or bare LFLF), or -1. */
export function headEnd(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    if (at(bytes, i) !== LF) continue;
    if (at(bytes, i + 1) === LF) return i + 2;
    if (at(bytes, i + 1) === CR && at(bytes, i + 2) === LF) return i + 3;
  }
  return -1;
}

/** Bytes as Latin-1 text: enough for HTTP heads, which are ASCII on the wire. */
export function latin1(bytes: Uint8Array, end = bytes.length): string {
  let text = '';
  const stop = Math.min(end, bytes.length);
  for (let i = 0; i < stop; i += 1024) {
    text += String.fromCharCode(...bytes.subarray(i, Math.min(i + 1024, stop)));
  }
  return text;
}
