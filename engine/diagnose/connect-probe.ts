// Step 3: one TCP connect to one address, with its time. The socket is handed on open, so the
// handshake and the request that follow use this very connection.

import { connect, type Socket } from 'node:net';
import type { ConnectStep } from '../../shared/diagnosis/diagnosis';
import { elapsedSince } from './step-clock';

export interface ConnectOutcome {
  readonly step: ConnectStep;
  /** The open socket, when the step is 'open'; the caller ends it. */
  readonly socket: Socket | null;
}

export function connectProbe(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<ConnectOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    // An IP address, so no lookup and no "happy eyeballs" between families: this address only.
    const socket = connect({ host: address, port, autoSelectFamily: false });
    const timer = setTimeout(() => {
      socket.destroy();
      finish({ outcome: 'timeout', ms: elapsedSince(started) }, null);
    }, timeoutMs);
    let done = false;
    function finish(step: ConnectStep, open: Socket | null): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('connect', onConnect);
      resolve({ step, socket: open });
    }
    function onConnect(): void {
      finish({ outcome: 'open', ms: elapsedSince(started) }, socket);
    }
    socket.once('connect', onConnect);
    // Errors after the connect are the later steps' to report; this keeps them from throwing.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const ms = elapsedSince(started);
      if (error.code === 'ECONNREFUSED') finish({ outcome: 'refused', ms }, null);
      else finish({ outcome: 'error', ms, code: error.code ?? null }, null);
    });
  });
}
