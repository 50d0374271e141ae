// Captured bytes → runs of displayable text and visible escapes. Bytes are hostile: control
// characters, invalid UTF-8 and invisible or direction-changing code points (bidi overrides,
// zero-width characters) are shown as escapes, never interpreted. The result is rendered as
// text nodes only.

export interface TextRun {
  readonly text: string;
  /** True for an escape (\x00, \r, \u{202E}…), styled differently. */
  readonly escape: boolean;
}

const HEX = '0123456789abcdef';

export function hexByte(b: number): string {
  return `\\x${HEX[b >> 4] ?? '0'}${HEX[b & 15] ?? '0'}`;
}

/** Code points that render invisibly or reorder text around them. */
export function isSneaky(cp: number): boolean {
  return (
    (cp >= 0x80 && cp <= 0x9f) ||
    cp === 0xad ||
    cp === 0x34f ||
    cp === 0x61c ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0xfeff ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    cp === 0xfffe ||
    cp === 0xffff ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

/** Is b a UTF-8 continuation byte (10xxxxxx)? */
function isContinuation(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/**
 * Where a segment boundary at `pos` really falls: continuation bytes at the boundary belong to
 * the character that started before it. Both neighbouring segments compute the same answer
 * from the same bytes, so a character is never split and never shown twice.
 */
export function boundaryAfterContinuations(bytes: Uint8Array, pos: number, limit: number): number {
  let p = pos;
  while (p < limit && p < pos + 3 && isContinuation(bytes[p])) p += 1;
  return p;
}

/** Bytes a UTF-8 sequence with this lead byte has (1 for ASCII and for invalid leads). */
function leadLength(b: number): number {
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 1;
}

/**
 * `to`, or less so that bytes[from, to) does not end inside a multi-byte character whose
 * remaining bytes have not arrived yet (they would show as escapes until they do).
 */
export function completeSequenceEnd(bytes: Uint8Array, from: number, to: number): number {
  for (let p = to - 1; p >= from && p >= to - 3; p -= 1) {
    const b = bytes[p] ?? 0;
    if (isContinuation(b)) continue;
    return p + leadLength(b) > to ? p : to;
  }
  return to;
}

/** Length of a valid UTF-8 sequence starting at i (within [i, end)), or 0 if invalid. */
export function sequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i] ?? 0;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) n = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 === 0xe0) lo = 0xa0;
    if (b0 === 0xed) hi = 0x9f; // no UTF-16 surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > end) return 0;
  const b1 = bytes[i + 1] ?? 0;
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < n; k += 1) if (!isContinuation(bytes[i + k])) return 0;
  return n;
}

export function codePoint(bytes: Uint8Array, i: number, n: number): number {
  const b0 = bytes[i] ?? 0;
  let cp = n === 2 ? b0 & 0x1f : n === 3 ? b0 & 0x0f : b0 & 0x07;
  for (let k = 1; k < n; k += 1) cp = (cp << 6) | ((bytes[i + k] ?? 0) & 0x3f);
  return cp;
}

/** Decode bytes[from, to) into runs. */
/** Most arguments one String.fromCharCode(...) call gets (see the ASCII fast paths). */
export const MAX_SPREAD = 4096;

export function escapeBytes(bytes: Uint8Array, from: number, to: number): TextRun[] {
  const runs: TextRun[] = [];
  let text = '';
  let esc = '';
  const flushText = () => {
    if (text) runs.push({ text, escape: false });
    text = '';
  };
  const flushEsc = () => {
    if (esc) runs.push({ text: esc, escape: true });
    esc = '';
  };
  const addText = (s: string) => {
    flushEsc();
    text += s;
  };
  const addEsc = (s: string) => {
    flushText();
    esc += s;
  };
  let i = from;
  while (i < to) {
    const b = bytes[i] ?? 0;
    if (b >= 0x20 && b < 0x7f) {
      // Fast path for runs of printable ASCII, in pieces of at most MAX_SPREAD bytes: spreading
      // more into String.fromCharCode overflows the stack (a worker's first, at about 64 KiB).
      let j = i + 1;
      const stop = Math.min(to, i + MAX_SPREAD);
      while (j < stop) {
        const c = bytes[j] ?? 0;
        if (c < 0x20 || c >= 0x7f) break;
        j += 1;
      }
      addText(String.fromCharCode(...bytes.subarray(i, j)));
      i = j;
      continue;
    }
    if (b === 0x0a) addText('\n');
    else if (b === 0x09) addText('\t');
    else if (b === 0x0d) addEsc('\\r');
    else if (b < 0x80) addEsc(hexByte(b));
    else {
      const n = sequenceLength(bytes, i, to);
      if (n === 0) addEsc(hexByte(b));
      else {
        const cp = codePoint(bytes, i, n);
        if (isSneaky(cp)) addEsc(`\\u{${cp.toString(16)}}`);
        else addText(String.fromCodePoint(cp));
        i += n;
        continue;
      }
    }
    i += 1;
  }
  flushText();
  flushEsc();
  return runs;
}
