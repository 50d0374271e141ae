// What an open TCP port does with each connection it accepts. The engine records every byte
// either way; a behaviour only decides what to send back (and, for a relay, where to forward).
// Behaviours are built from a port's BehaviourConfig in core/port-behaviour.ts.

import type { FaultConfig } from '../../shared/behaviours';
import type { ErrorInfo } from '../../shared/errors';
import type { BehaviourKind, EndReason, UpstreamInfo } from '../../shared/model';

/** The part of a recorded connection a behaviour may drive. */
export interface BehaviourConnection {
  readonly id: number;
  /** The port's faults as they were when this connection began. */
  readonly faults: FaultConfig;
  /**
   * Send bytes to the client, through the faults. Bytes are recorded 'out' as they go onto the
   * socket (so delayed or throttled bytes are recorded when really sent). Returns false when the
   * outbound queue is full: stop producing until `onceDrained` fires. The bytes must not change
   * afterwards — with `done`, until it is called (they are lent: e.g. a reused read buffer,
   * which must not own its memory, so that recording copies it; see tcp/read-buffer-pool.ts).
   */
  write(data: Uint8Array | string, done?: () => void): boolean;
  /** Call `callback` once the outbound queue has room again (at once if it has). */
  onceDrained(callback: () => void): void;
  /** Send FIN after everything queued: Porthole has nothing more to say (the client may). */
  end(): void;
  /** Close after everything queued is sent, recording why (e.g. 'closed-by-behaviour'). */
  finish(reason: EndReason): void;
  /** Record an error on the connection (e.g. the upstream failed) and close the client cleanly. */
  fail(error: ErrorInfo, reason: EndReason): void;
  /** Abort with RST now, recording why (and the error behind it, e.g. the upstream's reset). */
  reset(reason: EndReason, error?: ErrorInfo): void;
  /** Stop / restart reading from the client, for backpressure in relays. */
  pause(): void;
  resume(): void;
  /** Relay: publish the upstream side's state on the connection. */
  setUpstream(info: UpstreamInfo | null): void;
  /** Mock: the client first differed from the recording at this offset of its bytes. */
  markDiverged(offset: number): void;
}

/** Hooks a behaviour returns for one connection; all optional. Called after recording. */
export interface BehaviourSession {
  /**
   * A read from the client. With `done` the bytes are lent (only to behaviours that say
   * `lendsReads`): they stay valid until `done` is called, which the session must do once it no
   * longer needs them — typically by passing `done` on to a `write`.
   */
  onData?(data: Buffer, done?: () => void): void;
  /**
   * The client sent FIN. When absent the engine ends Porthole's side once the outbound queue is
   * flushed, so no behaviour can leak a half-open socket by forgetting to.
   */
  onClientEnd?(): void;
  /**
   * The client connection is gone: release upstream sockets and timers. `reason` says how, so a
   * relay can pass a reset on as a reset.
   */
  onClose?(reason: EndReason): void;
}

export interface TcpBehaviour {
  readonly kind: BehaviourKind;
  /**
   * Its sessions pass every read on with its `done` and keep no other reference to the bytes,
   * so the connection may read into reused buffers (tcp/lent-reads.ts). A relay does.
   */
  readonly lendsReads?: boolean;
  attach(conn: BehaviourConnection): BehaviourSession;
}

/**
 * Accept, record, send nothing. After the client's FIN we end our side at once: capture has
 * nothing to send, and clients that half-close and wait for the server's EOF (`nc -N`, HTTP/1.0
 * style tools, many test harnesses) would otherwise hang until the user closes the connection.
 */
export const captureBehaviour: TcpBehaviour = {
  kind: 'capture',
  attach: (conn) => ({ onClientEnd: () => conn.end() }),
};
