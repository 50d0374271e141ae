// A replay over UDP: the original peer's datagrams sent again, one by one, from a socket of
// Porthole's own; the target's datagrams back are the answer. UDP has no close, so the replay
// ends once the target has been quiet for a second after the last datagram or answer.

import { createSocket, type Socket } from 'node:dgram';
import type { EndReason } from '../../shared/model';
import { upstreamError } from '../net/upstream-error';
import { ReplayConnection } from './replay-connection';
import type { ReplaySetup } from './replay-setup';

const UDP_REPLAY_LINGER_MS = 1000;

export class UdpReplay extends ReplayConnection {
  readonly protocol = 'udp' as const;
  private socket: Socket | null;

  constructor(setup: ReplaySetup) {
    super(setup, UDP_REPLAY_LINGER_MS);
    const { target } = setup;
    const socket = createSocket(target.family === 'IPv6' ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.recordAnswer(data));
    // A connected UDP socket hears ICMP "port unreachable" as ECONNREFUSED.
    socket.on('error', (error) => this.fail(upstreamError(error, target)));
    socket.on('close', this.onClose);
    socket.connect(target.port, target.address, () => {
      const mine = socket.address();
      this.connected(mine.address, mine.port);
    });
    this.markDirty();
  }

  requestClose(reason: EndReason): Promise<void> {
    this.requestedReason ??= reason;
    this.closeSocket();
    return this.whenClosed();
  }

  write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (socket === null) return Promise.resolve();
    this.sent(data);
    return new Promise((resolve) => {
      socket.send(data, (error) => {
        if (error) this.fail(upstreamError(error, this.setup.target));
        resolve();
      });
    });
  }

  protected finished(): void {
    // Nothing to end: the answer going quiet (the linger) ends it.
  }

  protected closeSocket(): void {
    const socket = this.socket;
    if (socket === null) return;
    this.stop.abort();
    try {
      socket.close();
    } catch {
      // Already closing: 'close' settles it.
    }
  }

  private readonly onClose = (): void => {
    this.socket = null;
    let reason: EndReason = 'replay-finished';
    if (this.requestedReason !== null) reason = this.requestedReason;
    else if (this.error !== null) reason = 'upstream-failed';
    this.closed(reason);
  };
}
