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
