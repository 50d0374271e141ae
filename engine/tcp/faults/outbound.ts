// One direction of bytes Porthole sends on a socket: to a client (replies, echoes, relayed
// answers, talk-back) or, in a relay, to the upstream. The port's faults are applied here, so
// every sender gets the same delay, throttle, split and reset without knowing about them.

import type { Socket } from 'node:net';
import type { FaultConfig } from '../../../shared/behaviours';
import type { ResetBudget } from './reset-budget';

/**
 * Above this many bytes waiting (our queue plus the socket's own buffer) `write()` answers false
 * and producers pause. Large enough that a fast relay rarely stops its reader (every pause and
 * resume costs an epoll change), small enough that a slow peer costs at most about 1 MiB.
 */
export const OUTBOUND_HIGH_WATER = 1024 * 1024;

/** Told about bytes at the moment they are handed to the socket (so they are recorded then). */
export interface OutboundSink {
  sent(bytes: Uint8Array): void;
}

export interface Outbound {
  /**
   * Queue bytes. The buffer is sent (and may be recorded) without copying: do not modify it
   * afterwards, or, with `done`, until `done` is called — once the socket no longer needs the
   * bytes (written, or dropped with the socket), so the caller may reuse the buffer. Returns
   * false once the high-water mark is passed: wait for `onceDrained`. Ignored after `end()` or
   * `discard()` (`done` is then called at once).
   */
  write(bytes: Uint8Array, done?: () => void): boolean;
  /** `callback` once below the high-water mark (at once if already below). */
  onceDrained(callback: () => void): void;
  /** `callback` once everything queued has been handed to the socket. */
  whenFlushed(callback: () => void): void;
  /** FIN after everything queued. */
  end(): void;
  /** Forget the queue and every timer: the socket is going away. */
  discard(): void;
}

export interface OutboundOptions {
  readonly socket: Socket;
  readonly faults: FaultConfig;
  readonly sink: OutboundSink;
  /** The connection's "reset after N bytes" line; null when that fault is off. */
  readonly budget: ResetBudget | null;
  /** Called when a write reaches the reset line (after the cut piece went out). */
  readonly onResetLine?: () => void;
}

/** A sink for bytes nobody records (a relay's upstream side: they were recorded as 'in'). */
export const UNRECORDED: OutboundSink = { sent: () => undefined };
