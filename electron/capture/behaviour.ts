// What an open port does with each connection it accepts. The engine records every byte either
// way; a behaviour only decides what to send back. 'capture' (send nothing) is the only one today;
// echo, fixed replies and relays plug in here later.

import type { BehaviourKind } from '../../shared/model';

/** The part of a recorded connection a behaviour may drive. Every write here is recorded 'out'. */
export interface BehaviourConnection {
  readonly id: number;
  /** Send bytes to the client (recorded as 'out'); false means "wait for drain". */
  write(data: Uint8Array | string): boolean;
  /** Send FIN: Porthole has nothing more to say (the client may still send). */
  end(): void;
  /** Stop / restart reading from the client, for backpressure in relays. */
  pause(): void;
  resume(): void;
  /** Record bytes sent to the client by some other path (e.g. a pipe) as 'out'. */
  recordOutbound(data: Uint8Array): void;
}

/** Hooks a behaviour returns for one connection; all optional. Called after recording. */
export interface BehaviourSession {
  onData?(data: Buffer): void;
  /**
   * The client sent FIN. When absent the engine ends Porthole's side too, so no behaviour can
   * leak a half-open socket by forgetting to.
   */
  onClientEnd?(): void;
  onClose?(): void;
}

export interface Behaviour {
  readonly kind: BehaviourKind;
  attach(conn: BehaviourConnection): BehaviourSession;
}

/**
 * Accept, record, send nothing. After the client's FIN we end our side at once: capture has
 * nothing to send, and clients that half-close and wait for the server's EOF (`nc -N`, HTTP/1.0
 * style tools, many test harnesses) would otherwise hang until the user closes the connection.
 */
export const captureBehaviour: Behaviour = {
  kind: 'capture',
  attach: (conn) => ({ onClientEnd: () => conn.end() }),
};
