// One TCP port: what net/port-listener.ts does for every port, plus accepting connections and
// ending them when the port closes.

import type { Server, Socket } from 'node:net';
import type { Bound } from '../net/bind-host';
import type { HostAddress } from '../net/listen-addresses';
import { tookLastDescriptor } from '../net/open-files-limit';
import { PortListener } from '../net/port-listener';
import { outOfDescriptors } from '../net/socket-error';
import { acceptedWithLentReads } from './accepted-lent-reads';
import { lentReadBuffers } from './read-buffer-pool';
import { tcpBinder } from './tcp-bind';
import { TcpConnection } from './tcp-connection';

export class TcpListener extends PortListener<Server> {
  readonly protocol = 'tcp' as const;
  protected readonly binder = tcpBinder;
  private readonly live = new Set<TcpConnection>();

  protected serve({ handle: server, address }: Bound<Server>): void {
    server.on('connection', (socket: Socket) => this.accept(socket, address));
    // From here on an error (e.g. EMFILE on accept) is reported on the port, never thrown.
    server.on('error', this.onRuntimeError);
  }

  protected endConnections(): Promise<void> {
    return Promise.all([...this.live].map((conn) => conn.requestClose('port-closed'))).then(
      () => undefined,
    );
  }

  /** A TCP connection keeps the behaviour it was accepted with: nothing to do until the next. */
  protected behaviourChanged(): void {}

  private accept(accepted: Socket, address: HostAddress): void {
    // Read before the socket may be re-made (the new one has the descriptor, not this one).
    const lastDescriptor = tookLastDescriptor(accepted);
    const behaviour = this.behaviour.tcp;
    const lent =
      behaviour.lendsReads === true ? acceptedWithLentReads(accepted, lentReadBuffers) : null;
    const socket = lent?.socket ?? accepted;
    let conn: TcpConnection;
    const ctx = this.context;
    try {
      conn = new TcpConnection({
        id: ctx.nextConnectionId(),
        socket,
        lentReads: lent?.reads ?? null,
        listener: this,
        listenerFamily: address.family,
        behaviour,
        faults: this.faults,
        totals: ctx.totals,
        maxChunkRecords: ctx.maxChunkRecords,
        hooks: ctx.connectionHooks,
        chunkSink: ctx.chunkSink,
      });
      ctx.added(conn);
    } catch (error) {
      // A bug in recording must cost one connection, not the process.
      socket.on('error', () => undefined);
      socket.destroy();
      this.onRuntimeError(error);
      return;
    }
    this.connectionsTotal++;
    this.live.add(conn);
    void conn.whenClosed().then(() => this.live.delete(conn));
    if (lastDescriptor) this.reportError(outOfDescriptors(this.describe()));
  }
}
