// One hex row as three strings: the two halves of the hex column (rendered as separate spans so
// the gap between them is CSS, not an extra space in the text) and the ASCII column.

const HEX = '0123456789abcdef';

export function hexOffset(offset: number): string {
  return offset.toString(16).padStart(8, '0');
}

export interface HexRowText {
  readonly left: string;
  readonly right: string;
  readonly ascii: string;
}

export function formatHexRow(bytes: Uint8Array, from: number, length: number): HexRowText {
  let left = '';
  let right = '';
  let ascii = '';
  for (let k = 0; k < length; k += 1) {
    const b = bytes[from + k] ?? 0;
    const pair = `${HEX[b >> 4] ?? '0'}${HEX[b & 15] ?? '0'}`;
    if (k < 8) left += k === 0 ? pair : ` ${pair}`;
    else right += ` ${pair}`;
    // Only printable ASCII is shown as itself; everything else is a dot.
    ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return { left, right, ascii };
}

/** Bytes [a, b) of a row as hex pairs separated by spaces. */
export function hexPairs(bytes: Uint8Array, from: number, a: number, b: number): string {
  const parts: string[] = [];
  for (let k = a; k < b; k += 1) {
    const v = bytes[from + k] ?? 0;
    parts.push(`${HEX[v >> 4] ?? '0'}${HEX[v & 15] ?? '0'}`);
  }
  return parts.join(' ');
}

/** Bytes [a, b) of a row as the ASCII column: printable ASCII as itself, the rest as dots. */
export function asciiOf(bytes: Uint8Array, from: number, a: number, b: number): string {
  let out = '';
  for (let k = a; k < b; k += 1) {
    const v = bytes[from + k] ?? 0;
    out += v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.';
  }
  return out;
}
