// Test-only behaviours: they drive the engine's outbound write path (recorded as 'out') and the
// half-close hooks the way echo / reply / relay will.

import type {
  TcpBehaviour,
  BehaviourConnection,
  BehaviourSession,
} from '../../engine/tcp/tcp-behaviour';

export interface ScriptedOptions {
  /** Runs when a connection is accepted (e.g. write a payload to the client). */
  readonly onAttach?: (conn: BehaviourConnection) => void;
  readonly onData?: (conn: BehaviourConnection, data: Buffer) => void;
  readonly onClose?: (conn: BehaviourConnection) => void;
  /** Leave the connection half-closed after the client's FIN instead of ending our side. */
  readonly keepHalfOpen?: boolean;
}

/** Also collects every connection it attached to, so a test can drive them later. */
export function scriptedBehaviour(options: ScriptedOptions = {}): TcpBehaviour & {
  readonly connections: BehaviourConnection[];
} {
  const connections: BehaviourConnection[] = [];
  return {
    kind: 'capture',
    connections,
    attach(conn): BehaviourSession {
      connections.push(conn);
      options.onAttach?.(conn);
      const session: BehaviourSession = {};
      if (options.onData !== undefined) {
        const onData = options.onData;
        session.onData = (data) => onData(conn, data);
      }
      if (options.onClose !== undefined) {
        const onClose = options.onClose;
        session.onClose = () => onClose(conn);
      }
      if (options.keepHalfOpen === true) session.onClientEnd = () => undefined;
      return session;
    },
  };
}
