// HTTP/1.x and HTTP/2 openings. The request matcher follows the request-line grammar closely
// (token method, visible-ASCII target, "HTTP/1.x"), so a line of prose that happens to start
// with a capital word is not taken for HTTP.

import { at, CR, isDigit, LF, matchAscii, readUint, SP, type Match } from './bytes';

/** RFC 9113 §3.4: what an HTTP/2 client sends first, prior knowledge or after TLS ALPN. */
const HTTP2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

/** Longer than any registered method (the longest, UPDATEREDIRECTREF, has 17 characters). */
const MAX_METHOD = 24;

/** Method characters seen in practice: upper-case letters, '-' (M-SEARCH) and '_'. */
function isMethodChar(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || b === 0x2d || b === 0x5f;
}

function isTargetChar(b: number): boolean {
  return b > SP && b < 0x7f;
}

/** "GET /path HTTP/1.1" followed by a line end. */
export function matchHttpRequest(bytes: Uint8Array): Match {
  let i = 0;
  while (i < bytes.length && isMethodChar(at(bytes, i))) i++;
  if (i === bytes.length) return i <= MAX_METHOD ? 'more' : 'no';
  if (i === 0 || i > MAX_METHOD || at(bytes, i) !== SP) return 'no';
  const targetStart = ++i;
  while (i < bytes.length && isTargetChar(at(bytes, i))) i++;
  if (i === bytes.length) return 'more';
  if (i === targetStart || at(bytes, i) !== SP) return 'no';
  return httpVersionThen(bytes, i + 1, (b) => b === CR || b === LF);
}

/** "HTTP/1.1 200": version, space, three-digit status. */
export function matchHttpResponse(bytes: Uint8Array): Match {
  const version = httpVersionThen(bytes, 0, (b) => b === SP);
  if (version !== 'yes') return version;
  for (let i = 9; i < 12; i++) {
    if (i >= bytes.length) return 'more';
    if (!isDigit(at(bytes, i))) return 'no';
  }
  return 'yes';
}

/** "HTTP/1.x" at `start`, then one byte accepted by `next`. */
function httpVersionThen(bytes: Uint8Array, start: number, next: (b: number) => boolean): Match {
  const prefix = matchAscii(bytes, 'HTTP/1.', start);
  if (prefix !== 'yes') return prefix;
  const digit = start + 7;
  if (digit >= bytes.length) return 'more';
  if (!isDigit(at(bytes, digit))) return 'no';
  if (digit + 1 >= bytes.length) return 'more';
  return next(at(bytes, digit + 1)) ? 'yes' : 'no';
}

export function matchHttp2Preface(bytes: Uint8Array): Match {
  return matchAscii(bytes, HTTP2_PREFACE);
}

/**
 * A SETTINGS frame on stream 0, as an HTTP/2 server opens with: 9-byte header, type 4, flags 0
 * with a payload of 6-byte settings, or flags 1 (ACK) with none.
 */
export function matchHttp2Settings(bytes: Uint8Array): Match {
  if (bytes.length > 3 && at(bytes, 3) !== 0x04) return 'no';
  if (bytes.length > 4 && at(bytes, 4) > 0x01) return 'no';
  if (bytes.length > 5 && (at(bytes, 5) & 0x7f) !== 0) return 'no';
  const length = readUint(bytes, 0, 3);
  const stream = readUint(bytes, 5, 4);
  if (length === null || stream === null) {
    return bytes.length >= 3 && (length ?? 0) > 16_384 ? 'no' : 'more';
  }
  const ack = at(bytes, 4) === 0x01;
  const fits = ack ? length === 0 : length % 6 === 0 && length <= 16_384;
  return stream === 0 && fits ? 'yes' : 'no';
}
