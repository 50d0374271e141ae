// A replay over TCP: Porthole connects to the target as the original's client did, sends the
// client's side step by step and records the conversation as a new connection linked to the
// original ("replay of #12"). After the last step it sends FIN, as the client did once it had
// said everything, and ends when the target closes (or goes quiet).

import { connect, type Socket } from 'node:net';
import { appError } from '../../shared/errors';
import type { EndReason } from '../../shared/model';
import { DEFAULT_RELAY_TIMEOUT_MS } from '../../shared/behaviours';
import type { CloseMode } from '../core/engine-types';
import { upstreamError, upstreamTimeout } from '../net/upstream-error';
import { OUTBOUND_HIGH_WATER } from '../tcp/faults/outbound';
import { ReplayConnection } from './replay-connection';
import type { ReplaySetup } from './replay-setup';

/** After the last write: how long a target that neither answers nor closes keeps the replay open. */
const REPLAY_LINGER_MS = 5000;

export class TcpReplay extends ReplayConnection {
  readonly protocol = 'tcp' as const;
  private socket: Socket | null;
  private connectTimer: NodeJS.Timeout | null;

  constructor(setup: ReplaySetup) {
    super(setup, REPLAY_LINGER_MS);
    const { target } = setup;
    const socket = connect({
      host: target.address,
      port: target.port,
      noDelay: true,
      allowHalfOpen: true,
    });
    this.socket = socket;
    this.connectTimer = setTimeout(() => {
      this.fail(upstreamTimeout(target, DEFAULT_RELAY_TIMEOUT_MS));
    }, DEFAULT_RELAY_TIMEOUT_MS);
    socket.on('connect', () => {
      this.clearConnectTimer();
      this.connected(socket.localAddress, socket.localPort ?? 0);
    });
    socket.on('data', (data: Buffer) => this.recordAnswer(data));
    socket.on('end', this.onEnd);
    socket.on('error', (error) => this.fail(upstreamError(error, target)));
    socket.on('close', this.onClose);
    this.markDirty();
  }

  requestClose(reason: EndReason, mode: CloseMode = 'close'): Promise<void> {
    const socket = this.socket;
    if (socket === null) return this.whenClosed();
    this.requestedReason ??= reason;
    this.stop.abort();
    if (mode === 'reset') socket.resetAndDestroy();
    else socket.destroy();
    return this.whenClosed();
  }

  write(data: Uint8Array): Promise<void> | null {
    const socket = this.socket;
    if (socket === null || socket.destroyed || !socket.writable) return null;
    this.sent(data);
    // Writes made in one turn of the event loop go out together (one writev), still one write
    // per recorded read as far as the stream is concerned.
    if (!socket.writableCorked) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    socket.write(data);
    // The engine's one backpressure rule: up to 1 MiB may wait in the socket before the next
    // write waits for it to drain (Node's own 16 KiB mark would wait after every recorded read).
    if (socket.writableLength < OUTBOUND_HIGH_WATER) return null;
    return new Promise((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.once('drain', done);
      socket.once('close', done);
    });
  }

  protected finished(): void {
    if (this.state === 'open') this.state = 'half-closed';
    this.socket?.end();
  }

  protected closeSocket(): void {
    this.socket?.destroy();
  }

  private readonly onEnd = (): void => {
    if (this.upstream !== null) this.upstream = { ...this.upstream, state: 'half-closed' };
    this.markDirty();
    // Everything sent and the target has finished too: done.
    if (this.planDone) this.socket?.destroy();
  };

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private readonly onClose = (): void => {
    this.clearConnectTimer();
    this.socket = null;
    this.closed(this.decideEndReason());
  };

  private decideEndReason(): EndReason {
    if (this.requestedReason !== null) return this.requestedReason;
    if (this.error !== null) return 'upstream-failed';
    if (!this.planDone) {
      const { host, port } = this.setup.target;
      const detail = `${this.recorder.received('in')} bytes sent`;
      this.error = appError('REPLAY_CUT_SHORT', { host, port, detail });
      return 'upstream-failed';
    }
    return 'replay-finished';
  }
}
