// What the peer's first bytes say about the protocol it speaks, read from the bytes alone (never
// from an error message's wording), and a short escaped preview of them for the dialog.

import type { PeerSpoke } from '../../shared/diagnosis/diagnosis';

/** Preview length: enough to recognise a banner or a status line, not a payload. */
export const PREVIEW_BYTES = 128;

const HTTP_1 = Buffer.from('HTTP/1.');

/**
 * A TLS record header: content type change_cipher_spec, alert, handshake or application data
 * (0x14–0x17), then major version 3 (every SSL 3 / TLS version on the wire).
 */
export function isTlsRecord(bytes: Uint8Array): boolean {
  const type = bytes[0];
  return type !== undefined && type >= 0x14 && type <= 0x17 && bytes[1] === 0x03;
}

/**
 * Whether the bytes so far are (the start of) "HTTP/1.": true, false, or null while too few
 * bytes have arrived to tell.
 */
export function startsLikeHttp1(bytes: Uint8Array): boolean | null {
  const n = Math.min(bytes.length, HTTP_1.length);
  if (!Buffer.from(bytes.subarray(0, n)).equals(HTTP_1.subarray(0, n))) return false;
  return n === HTTP_1.length ? true : null;
}

export function classifyPeer(bytes: Uint8Array): PeerSpoke {
  if (bytes.length === 0) return 'nothing';
  if (isTlsRecord(bytes)) return 'tls';
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === 'HTTP/' ? 'http' : 'other';
}

/** Printable ASCII as is, the rest as escapes (\r, \n, \t, \xNN): plain text, bounded. */
export function previewBytes(bytes: Uint8Array, max = PREVIEW_BYTES): string {
  let text = '';
  for (const byte of bytes.subarray(0, max)) {
    if (byte === 0x0d) text += '\\r';
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x09) text += '\\t';
    else if (byte === 0x5c) text += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > max ? `${text}…` : text;
}
