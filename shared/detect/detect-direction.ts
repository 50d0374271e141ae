// Names the protocol of one direction of a connection from its first bytes. Pure and total: any
// input gives a valid protocol, and `final` says whether more bytes could still change it, so
// the engine can stop looking. Matchers are tried in a fixed order; weak server-side matchers
// only when the client's side (`other`) already named the protocol.

import type { DetectedProtocol, Direction } from '../model';
import { headEnd, type Match } from './bytes';
import {
  matchMqttConnack,
  matchMqttConnect,
  matchPostgresClient,
  matchPostgresServer,
  matchSshBanner,
  matchTlsAlert,
  matchTlsHandshake,
} from './binary-protocols';
import { matchHttp2Preface, matchHttp2Settings, matchHttpRequest, matchHttpResponse } from './http';
import { matchInlinePing, matchRespCommand, matchRespReply } from './redis';
import { classifyText } from './text';

/**
 * Detection looks at no more than this many bytes per direction. Every matcher decides well
 * within it, except an HTTP head, which must be complete for the WebSocket check; heads larger
 * than this stay 'http' but are not checked for an upgrade.
 */
export const MAX_DETECT_BYTES = 4096;

/** Text or binary is settled only after this many bytes (unless a NUL already said binary). */
const MIN_TEXT_SAMPLE = 64;

export interface DirectionVerdict {
  readonly protocol: DetectedProtocol;
  /** No later bytes can change the answer: the engine may stop feeding this direction. */
  readonly final: boolean;
}

interface Candidate {
  readonly protocol: DetectedProtocol;
  readonly match: (bytes: Uint8Array) => Match;
  /** Only tried when this holds; client-side openings are tried in both directions. */
  readonly when?: (direction: Direction, other: DetectedProtocol | null) => boolean;
}

const CLIENT_HELLO = [1];
const SERVER_HELLO = [2];
const answering =
  (protocol: DetectedProtocol) =>
  (direction: Direction, other: DetectedProtocol | null): boolean =>
    direction === 'out' && other === protocol;

const CANDIDATES: readonly Candidate[] = [
  // Answers first: they are tried only when the client side already named the protocol, and
  // a one-byte answer ('N' to SSLRequest) must not wait on a matcher that might want it.
  { protocol: 'tls', match: matchTlsAlert, when: answering('tls') },
  { protocol: 'postgres', match: matchPostgresServer, when: answering('postgres') },
  { protocol: 'mqtt', match: matchMqttConnack, when: answering('mqtt') },
  { protocol: 'http2', match: matchHttp2Settings, when: answering('http2') },
  { protocol: 'redis', match: matchRespReply, when: answering('redis') },
  { protocol: 'http2', match: matchHttp2Preface },
  { protocol: 'http', match: matchHttpRequest },
  { protocol: 'http', match: matchHttpResponse },
  { protocol: 'tls', match: (b) => matchTlsHandshake(b, CLIENT_HELLO) },
  { protocol: 'tls', match: (b) => matchTlsHandshake(b, SERVER_HELLO), when: (d) => d === 'out' },
  { protocol: 'postgres', match: matchPostgresClient },
  { protocol: 'mqtt', match: matchMqttConnect },
  { protocol: 'redis', match: matchRespCommand },
  { protocol: 'redis', match: matchInlinePing, when: (d, o) => d === 'in' || o === 'redis' },
  { protocol: 'ssh', match: matchSshBanner },
];

export function detectDirection(
  firstBytes: Uint8Array,
  direction: Direction,
  other: DetectedProtocol | null,
): DirectionVerdict {
  const bytes = firstBytes.subarray(0, MAX_DETECT_BYTES);
  const atLimit = bytes.length >= MAX_DETECT_BYTES;
  if (bytes.length === 0) return { protocol: 'binary', final: false };
  // An earlier candidate still undecided could yet claim the bytes, so a later 'yes' waits.
  let undecided = false;
  for (const candidate of CANDIDATES) {
    if (candidate.when !== undefined && !candidate.when(direction, other)) continue;
    const match = candidate.match(bytes);
    if (match === 'more' && !atLimit) undecided = true;
    if (match !== 'yes') continue;
    const { protocol } = candidate;
    // An HTTP head is read to its end so an upgrade to WebSocket can be recognised.
    const settled = protocol !== 'http' || atLimit || headEnd(bytes) >= 0;
    return { protocol, final: settled && !undecided };
  }
  const text = classifyText(bytes);
  return {
    protocol: text.text ? 'text' : 'binary',
    final: !undecided && (text.sure || bytes.length >= MIN_TEXT_SAMPLE),
  };
}
