// Selected bytes as text for the clipboard: decoded text, hex, base64, or an escaped string in
// the syntax payload specs accept (so it pastes into a fixed reply and sends the same bytes).
import type { TextEncoding } from '../view-options/text-encoding';

export const COPY_FORMATS = ['text', 'hex', 'base64', 'escaped'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];

export const COPY_LABEL: Readonly<Record<CopyFormat, string>> = {
  text: 'Copy as text',
  hex: 'Copy as hex',
  base64: 'Copy as base64',
  escaped: 'Copy as escaped string',
};

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(`${HEX[b >> 4] ?? '0'}${HEX[b & 15] ?? '0'}`);
  return parts.join(' ');
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: spreading megabytes into one call would overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const NAMED: Readonly<Record<number, string>> = {
  0x0d: '\\r',
  0x0a: '\\n',
  0x09: '\\t',
  0x00: '\\0',
  0x1b: '\\e',
  0x5c: '\\\\',
};

/**
 * Printable ASCII as itself, the named escapes, \xNN for every other byte. Bytes ≥ 0x80 are
 * always \xNN: a literal character would be re-encoded as UTF-8, which is not always the bytes.
 */
export function toEscaped(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const named = NAMED[b];
    if (named !== undefined) out += named;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${HEX[b >> 4] ?? '0'}${HEX[b & 15] ?? '0'}`;
  }
  return out;
}

function toText(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'latin1') {
    // TextDecoder's "latin1" is windows-1252; this is the real ISO-8859-1.
    let out = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return out;
  }
  return new TextDecoder(encoding).decode(bytes);
}

export function formatSelection(
  bytes: Uint8Array,
  format: CopyFormat,
  encoding: TextEncoding,
): string {
  switch (format) {
    case 'text':
      return toText(bytes, encoding);
    case 'hex':
      return toHex(bytes);
    case 'base64':
      return toBase64(bytes);
    case 'escaped':
      return toEscaped(bytes);
  }
}
