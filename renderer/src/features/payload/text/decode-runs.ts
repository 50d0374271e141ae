// Bytes → runs of text and visible escapes in any Text view encoding, each run knowing the bytes
// it came from (so a DOM selection maps back to bytes, and find matches can be marked). Runs
// also end at `cuts`, the edges of find matches, so a match is always whole runs.
import type { TextEncoding } from '../view-options/text-encoding';
import { codePoint, hexByte, isSneaky, MAX_SPREAD, sequenceLength } from './utf8-escape';

export interface ByteRun {
  readonly text: string;
  readonly escape: boolean;
  /** The run's bytes are [start, end) of the decoded array. */
  readonly start: number;
  readonly end: number;
}

interface Token {
  readonly text: string;
  readonly escape: boolean;
  readonly len: number;
}

const uEscape = (cp: number): string => `\\u{${cp.toString(16)}}`;

function utf8Token(bytes: Uint8Array, i: number, to: number): Token {
  const b = bytes[i] ?? 0;
  if (b === 0x0a) return { text: '\n', escape: false, len: 1 };
  if (b === 0x09) return { text: '\t', escape: false, len: 1 };
  if (b === 0x0d) return { text: '\\r', escape: true, len: 1 };
  if (b < 0x80) return { text: hexByte(b), escape: true, len: 1 };
  const n = sequenceLength(bytes, i, to);
  if (n === 0) return { text: hexByte(b), escape: true, len: 1 };
  const cp = codePoint(bytes, i, n);
  return isSneaky(cp)
    ? { text: uEscape(cp), escape: true, len: n }
    : { text: String.fromCodePoint(cp), escape: false, len: n };
}

function latin1Token(bytes: Uint8Array, i: number): Token {
  const b = bytes[i] ?? 0;
  if (b === 0x0a) return { text: '\n', escape: false, len: 1 };
  if (b === 0x09) return { text: '\t', escape: false, len: 1 };
  if (b === 0x0d) return { text: '\\r', escape: true, len: 1 };
  // C0, DEL, C1 and the soft hyphen are invisible: shown as the byte they are.
  if (b < 0x20 || (b >= 0x7f && b <= 0x9f) || b === 0xad) {
    return { text: hexByte(b), escape: true, len: 1 };
  }
  return { text: String.fromCharCode(b), escape: false, len: 1 };
}

function utf16Token(bytes: Uint8Array, i: number, to: number, le: boolean): Token {
  const unitAt = (p: number): number => {
    const a = bytes[p] ?? 0;
    const b = bytes[p + 1] ?? 0;
    return le ? a | (b << 8) : (a << 8) | b;
  };
  // An odd byte at the end of the stream is no code unit: show the byte itself.
  if (i + 1 >= to) return { text: hexByte(bytes[i] ?? 0), escape: true, len: 1 };
  const u = unitAt(i);
  if (u >= 0xd800 && u <= 0xdbff && i + 3 < to) {
    const low = unitAt(i + 2);
    if (low >= 0xdc00 && low <= 0xdfff) {
      const cp = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
      return isSneaky(cp)
        ? { text: uEscape(cp), escape: true, len: 4 }
        : { text: String.fromCodePoint(cp), escape: false, len: 4 };
    }
  }
  if (u === 0x0a) return { text: '\n', escape: false, len: 2 };
  if (u === 0x09) return { text: '\t', escape: false, len: 2 };
  if (u === 0x0d) return { text: '\\r', escape: true, len: 2 };
  if (u < 0x20 || u === 0x7f || (u >= 0xd800 && u <= 0xdfff) || isSneaky(u)) {
    return { text: uEscape(u), escape: true, len: 2 };
  }
  return { text: String.fromCharCode(u), escape: false, len: 2 };
}

function tokenAt(encoding: TextEncoding, bytes: Uint8Array, i: number, to: number): Token {
  switch (encoding) {
    case 'utf-8':
      return utf8Token(bytes, i, to);
    case 'latin1':
      return latin1Token(bytes, i);
    case 'utf-16le':
      return utf16Token(bytes, i, to, true);
    case 'utf-16be':
      return utf16Token(bytes, i, to, false);
  }
}

/** Decode bytes[from, to); `cuts` are ascending positions where a run must end. */
export function decodeRuns(
  encoding: TextEncoding,
  bytes: Uint8Array,
  from: number,
  to: number,
  cuts: readonly number[] = [],
): ByteRun[] {
  const runs: ByteRun[] = [];
  const asciiFast = encoding === 'utf-8' || encoding === 'latin1';
  let text = '';
  let escape = false;
  let start = from;
  let cut = 0;
  while (cut < cuts.length && (cuts[cut] ?? 0) <= from) cut += 1;
  const flush = (end: number) => {
    if (end > start) runs.push({ text, escape, start, end });
    text = '';
    start = end;
  };
  let i = from;
  while (i < to) {
    const nextCut = cuts[cut];
    if (nextCut !== undefined && i >= nextCut) {
      flush(i);
      while (cut < cuts.length && (cuts[cut] ?? 0) <= i) cut += 1;
      continue;
    }
    const limit = Math.min(to, nextCut ?? to);
    const b = bytes[i] ?? 0;
    if (asciiFast && b >= 0x20 && b < 0x7f) {
      // Fast path for runs of printable ASCII, the common case (bounded: see MAX_SPREAD).
      let j = i + 1;
      const stop = Math.min(limit, i + MAX_SPREAD);
      while (j < stop) {
        const c = bytes[j] ?? 0;
        if (c < 0x20 || c >= 0x7f) break;
        j += 1;
      }
      if (escape) flush(i);
      escape = false;
      text += String.fromCharCode(...bytes.subarray(i, j));
      i = j;
      continue;
    }
    const token = tokenAt(encoding, bytes, i, to);
    if (token.escape !== escape) flush(i);
    escape = token.escape;
    text += token.text;
    i += token.len;
  }
  flush(i);
  return runs;
}
