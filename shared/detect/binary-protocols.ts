// Openings of TLS, PostgreSQL, MQTT and SSH. Client-side openings are specific enough to trust in
// either direction (an echo port mirrors them). Server answers are short and weak on their own,
// so detect-direction.ts only tries them when the client's side already named the protocol.

import { at, matchAscii, readUint, type Match } from './bytes';

const TLS_HANDSHAKE = 0x16;
const TLS_ALERT = 0x15;
/** Largest TLSCiphertext record: 2^14 plus 2,048 bytes of expansion (RFC 8446 §5.2). */
const TLS_MAX_RECORD = 16_384 + 2_048;

/** The record header of a TLS handshake record whose first message is one of `types`. */
export function matchTlsHandshake(bytes: Uint8Array, types: readonly number[]): Match {
  if (bytes.length > 0 && at(bytes, 0) !== TLS_HANDSHAKE) return 'no';
  if (bytes.length > 1 && at(bytes, 1) !== 0x03) return 'no';
  // Record versions 3.0 (SSL 3) to 3.4; TLS 1.3 still writes 3.1 or 3.3 here.
  if (bytes.length > 2 && at(bytes, 2) > 0x04) return 'no';
  const length = readUint(bytes, 3, 2);
  if (length !== null && (length < 4 || length > TLS_MAX_RECORD)) return 'no';
  if (bytes.length > 5 && !types.includes(at(bytes, 5))) return 'no';
  // Hello messages carry a legacy version 3.x right after their 4-byte header.
  if (bytes.length > 9 && at(bytes, 9) !== 0x03) return 'no';
  return bytes.length > 9 ? 'yes' : 'more';
}

/** A 2-byte alert record: what a TLS server answers a hello it will not accept. */
export function matchTlsAlert(bytes: Uint8Array): Match {
  if (bytes.length > 0 && at(bytes, 0) !== TLS_ALERT) return 'no';
  if (bytes.length > 1 && at(bytes, 1) !== 0x03) return 'no';
  if (bytes.length > 2 && at(bytes, 2) > 0x04) return 'no';
  const length = readUint(bytes, 3, 2);
  if (length === null) return 'more';
  return length === 2 ? 'yes' : 'no';
}

/** Request codes a PostgreSQL client may open with, and the message length each implies. */
const PG_REQUESTS: readonly { code: number; length: (n: number) => boolean }[] = [
  // StartupMessage, protocol 3.0 (3.2 since PostgreSQL 18): parameters up to the server's
  // 10,000-byte limit on a startup packet.
  { code: 196_608, length: (n) => n > 8 && n <= 10_000 },
  { code: 196_610, length: (n) => n > 8 && n <= 10_000 },
  { code: 80_877_103, length: (n) => n === 8 }, // SSLRequest
  { code: 80_877_104, length: (n) => n === 8 }, // GSSENCRequest
  // CancelRequest: 16 bytes, longer with PostgreSQL 18's variable-length keys.
  { code: 80_877_102, length: (n) => n >= 16 && n <= 264 },
];

/** The first message of a PostgreSQL client: int32 length, then an int32 protocol or request. */
export function matchPostgresClient(bytes: Uint8Array): Match {
  // The length is at most 10,000, so its two high bytes are zero.
  if (bytes.length > 0 && at(bytes, 0) !== 0) return 'no';
  if (bytes.length > 1 && at(bytes, 1) !== 0) return 'no';
  const length = readUint(bytes, 0, 4);
  const code = readUint(bytes, 4, 4);
  if (length !== null && code !== null) {
    return PG_REQUESTS.some((r) => r.code === code && r.length(length)) ? 'yes' : 'no';
  }
  // Fewer than 8 bytes: the code bytes seen so far must begin one of the known codes.
  const seen = Math.max(0, bytes.length - 4);
  const possible = PG_REQUESTS.some((r) => {
    for (let i = 0; i < seen; i++) {
      if (at(bytes, 4 + i) !== Math.floor(r.code / 256 ** (3 - i)) % 256) return false;
    }
    return length === null || r.length(length);
  });
  return possible ? 'more' : 'no';
}

/**
 * A PostgreSQL server's first bytes: the one-byte answer to SSLRequest/GSSENCRequest ('S', 'N',
 * 'G'), or an Authentication ('R'), ErrorResponse ('E') or NegotiateProtocolVersion ('v')
 * message with a plausible int32 length.
 */
export function matchPostgresServer(bytes: Uint8Array): Match {
  const type = String.fromCharCode(at(bytes, 0));
  if ('SNG'.includes(type)) return bytes.length > 0 ? 'yes' : 'more';
  if (!'REv'.includes(type)) return 'no';
  if (bytes.length > 1 && at(bytes, 1) !== 0) return 'no';
  const length = readUint(bytes, 1, 4);
  if (length === null) return 'more';
  return length >= 4 && length < 65_536 ? 'yes' : 'no';
}

/** MQTT CONNECT: 0x10, a 1–4 byte remaining length, then the protocol name "MQTT" or "MQIsdp". */
export function matchMqttConnect(bytes: Uint8Array): Match {
  if (bytes.length > 0 && at(bytes, 0) !== 0x10) return 'no';
  let i = 1;
  while (i < bytes.length && i <= 4 && (at(bytes, i) & 0x80) !== 0) i++;
  if (i > 4) return 'no';
  if (i >= bytes.length) return 'more';
  const name = i + 1;
  const v311 = matchAscii(bytes, '\u0000\u0004MQTT', name);
  const v31 = matchAscii(bytes, '\u0000\u0006MQIsdp', name);
  if (v311 === 'yes' || v31 === 'yes') return 'yes';
  return v311 === 'more' || v31 === 'more' ? 'more' : 'no';
}

/** MQTT CONNACK: 0x20 and a remaining length of at least 2 (3.1.1: exactly 2; 5: properties). */
export function matchMqttConnack(bytes: Uint8Array): Match {
  if (bytes.length > 0 && at(bytes, 0) !== 0x20) return 'no';
  if (bytes.length < 2) return 'more';
  return at(bytes, 1) >= 2 ? 'yes' : 'no';
}

/** The identification line both SSH sides open with (RFC 4253 §4.2; 1.99 = 2.0 compatible). */
export function matchSshBanner(bytes: Uint8Array): Match {
  const v2 = matchAscii(bytes, 'SSH-2.0-');
  const v199 = matchAscii(bytes, 'SSH-1.99-');
  if (v2 === 'yes' || v199 === 'yes') return 'yes';
  return v2 === 'more' || v199 === 'more' ? 'more' : 'no';
}
