// Text or binary, for bytes no protocol matcher claimed. Text means valid UTF-8 that is mostly
// printable: a stray control byte (a terminal escape, a form feed) does not make a log line
// binary, but a NUL does, since no text protocol sends one and nearly every binary one does.

import { at } from './bytes';

/** Share of non-text bytes text may hold: one in twenty. */
const MAX_ODD_SHARE = 1 / 20;

export interface TextVerdict {
  readonly text: boolean;
  /** A NUL was seen: binary whatever follows. */
  readonly sure: boolean;
}

export function classifyText(bytes: Uint8Array): TextVerdict {
  let odd = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = at(bytes, i);
    if (b === 0) return { text: false, sure: true };
    if (b < 0x80) {
      if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) odd++;
      i++;
      continue;
    }
    const length = utf8Length(bytes, i);
    // A sequence cut off by the end of the sample is not held against the text.
    if (length === 0) break;
    if (length < 0) {
      odd++;
      i++;
    } else {
      i += length;
    }
  }
  return { text: odd <= bytes.length * MAX_ODD_SHARE, sure: false };
}

/**
 * Length of the well-formed UTF-8 sequence at `i` (2–4), -1 if ill-formed, 0 if it runs past
 * the end. Overlongs, surrogates and values above U+10FFFF are ill-formed (RFC 3629).
 */
function utf8Length(bytes: Uint8Array, i: number): number {
  const lead = at(bytes, i);
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0;
    if (lead === 0xed) max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90;
    if (lead === 0xf4) max = 0x8f;
  } else return -1;
  for (let k = 1; k < length; k++) {
    if (i + k >= bytes.length) return 0;
    const b = at(bytes, i + k);
    if (k === 1 ? b < min || b > max : b < 0x80 || b > 0xbf) return -1;
  }
  return length;
}
