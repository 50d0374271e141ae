// Redis RESP. A client sends commands as arrays of bulk strings ("*2\r\n$3\r\nGET\r\n…"); that
// shape is distinctive enough on its own. Replies ("+OK\r\n", "-ERR …", ":1\r\n") look like
// ordinary text lines, so they count only when the client side is already known to be Redis.
// Inline commands are plain text too: only a bare PING line is taken, because redis-cli and
// health checks send it and other line protocols rarely do.

import { at, CR, isDigit, LF, matchAscii, type Match } from './bytes';

/** RESP2 and RESP3 type bytes a server may open a reply with. */
const REPLY_TYPES = new Set([...'+-:$*_#,(!=%~>|'].map((c) => c.charCodeAt(0)));

/** The longest first line of a reply we wait for before giving up. */
const MAX_REPLY_LINE = 1024;

/** "*N\r\n$M\r\n": a command array whose first element is a bulk string. */
export function matchRespCommand(bytes: Uint8Array): Match {
  if (bytes.length > 0 && at(bytes, 0) !== 0x2a) return 'no';
  const count = digitsThenCrlf(bytes, 1, 7);
  if (count === 'more' || count === 'no') return count;
  if (count.value === 0) return 'no';
  if (count.end >= bytes.length) return 'more';
  if (at(bytes, count.end) !== 0x24) return 'no';
  const length = digitsThenCrlf(bytes, count.end + 1, 10);
  return typeof length === 'string' ? length : 'yes';
}

/** An inline "PING" (any case) on a line of its own. */
export function matchInlinePing(bytes: Uint8Array): Match {
  const upper = new Uint8Array(Math.min(bytes.length, 6));
  for (let i = 0; i < upper.length; i++) {
    const b = at(bytes, i);
    upper[i] = b >= 0x61 && b <= 0x7a ? b - 0x20 : b;
  }
  return matchAscii(upper, 'PING\r\n');
}

/** Any RESP reply: a type byte, then a line of printable bytes ending in CRLF. */
export function matchRespReply(bytes: Uint8Array): Match {
  if (bytes.length > 0 && !REPLY_TYPES.has(at(bytes, 0))) return 'no';
  for (let i = 1; i < bytes.length && i <= MAX_REPLY_LINE; i++) {
    const b = at(bytes, i);
    if (b === CR) {
      if (i + 1 >= bytes.length) return 'more';
      return at(bytes, i + 1) === LF ? 'yes' : 'no';
    }
    if (b < 0x20 && b !== 0x09) return 'no';
  }
  return bytes.length > MAX_REPLY_LINE ? 'no' : 'more';
}

/** 1..maxDigits decimal digits from `start` then CRLF; the value and where the CRLF ends. */
function digitsThenCrlf(
  bytes: Uint8Array,
  start: number,
  maxDigits: number,
): 'no' | 'more' | { value: number; end: number } {
  let i = start;
  let value = 0;
  while (i < bytes.length && isDigit(at(bytes, i))) {
    value = value * 10 + at(bytes, i) - 0x30;
    if (++i - start > maxDigits) return 'no';
  }
  if (i >= bytes.length) return 'more';
  if (i === start || at(bytes, i) !== CR) return 'no';
  if (i + 1 >= bytes.length) return 'more';
  return at(bytes, i + 1) === LF ? { value, end: i + 2 } : 'no';
}
