import type { BehaviourKind } from '../../../shared/behaviours';
import type {
  ConnectionInfo,
  DetectedProtocol,
  Detection,
  EndReason,
  UpstreamInfo,
} from '../../../shared/model';
import { formatHostPort } from './format-address';

const END_REASON_TEXT: Record<EndReason, string> = {
  'client-closed': 'client closed',
  'client-reset': 'client reset',
  'closed-by-user': 'closed by you',
  'reset-by-user': 'reset by you',
  'fault-reset': 'reset by fault',
  'closed-by-behaviour': 'closed after reply',
  'port-closed': 'port closed',
  'upstream-failed': 'upstream failed',
  idle: 'idle, closed',
  'replay-finished': 'replay finished',
  'diverged-reset': 'reset where it differed',
  'capture-interrupted': 'Porthole stopped',
  error: 'error',
};

/** Short words for the grid's behaviour column; capture is the default and stays blank. */
export const BEHAVIOUR_SHORT: Record<BehaviourKind, string> = {
  capture: '',
  echo: 'echo',
  reply: 'reply',
  http: 'HTTP',
  relay: 'relay',
  mock: 'mock',
};

const DETECTED_NAME: Record<DetectedProtocol, string> = {
  http: 'HTTP',
  http2: 'HTTP/2',
  websocket: 'WebSocket',
  tls: 'TLS',
  redis: 'Redis',
  postgres: 'PostgreSQL',
  mqtt: 'MQTT',
  ssh: 'SSH',
  text: 'text',
  binary: 'binary',
};

/** What the bytes look like: one name when both directions agree (or one is silent), else both. */
export function detectedText(d: Detection): string {
  const inName = d.in === null ? null : DETECTED_NAME[d.in];
  const outName = d.out === null ? null : DETECTED_NAME[d.out];
  if (inName === null || outName === null || inName === outName) return inName ?? outName ?? '';
  return `${inName} · ${outName}`;
}

export function clientAddress(c: ConnectionInfo): string {
  return formatHostPort(c.remoteAddress, c.remotePort);
}

export function stateText(c: ConnectionInfo): string {
  if (c.state !== 'closed' || c.endReason === null) return c.state;
  return `closed · ${END_REASON_TEXT[c.endReason]}`;
}

export function droppedBytes(c: ConnectionInfo): number {
  return c.in.dropped + c.out.dropped;
}

/**
 * "via relay → 127.0.0.1:6379 (connected, from 127.0.0.1:51234)", or for a replay
 * "replay of #12 → 127.0.0.1:6379 (closed, from 127.0.0.1:51234)".
 */
export function upstreamText(u: UpstreamInfo, replayOf: number | null = null): string {
  const from =
    u.localAddress !== null && u.localPort !== null
      ? `, from ${formatHostPort(u.localAddress, u.localPort)}`
      : '';
  const what = replayOf === null ? 'via relay' : `replay of #${replayOf}`;
  return `${what} → ${formatHostPort(u.host, u.port)} (${u.state}${from})`;
}

/** Whether Porthole can still send on it: TCP until it ends its side, UDP while open. */
export function isWritable(c: ConnectionInfo): boolean {
  // A replay sends only what it replays.
  if (c.replayOf !== null) return false;
  return c.protocol === 'udp' ? c.state === 'open' : c.state !== 'closed';
}
