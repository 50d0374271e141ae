// One TCP port Porthole listens on: binding with typed errors, its state machine
// (opening → open → closing → closed, or failed) and the connections it accepted.

import { createServer, type Server, type Socket } from 'node:net';
import { appError, fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import {
  isExposedHost,
  type AddressFamily,
  type ListenerInfo,
  type ListenerState,
  type ListenHost,
} from '../../shared/model';
import { bindError, errnoCode } from './bind-error';
import type { Behaviour } from './behaviour';
import { now } from './clock';
import type { ListenerLink, RecordedConnection } from './recorded-connection';

/**
 * Pending-connection queue length. Node's default (511) overflows when a burst of clients
 * connects at once (1,000 concurrent test clients, load generators); the kernel still caps it at
 * net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

export interface ListenerHooks {
  /** Build and register the recorded connection for a socket the server accepted. */
  accept(socket: Socket, listener: PortListener): RecordedConnection;
  changed(listener: PortListener): void;
}

export interface ListenerSetup {
  readonly id: string;
  readonly host: ListenHost;
  readonly requestedPort: number;
  readonly behaviour: Behaviour;
  readonly hooks: ListenerHooks;
}

export class PortListener implements ListenerLink {
  readonly id: string;
  readonly host: ListenHost;
  readonly requestedPort: number;
  readonly behaviour: Behaviour;
  readonly family: AddressFamily;
  state: ListenerState = 'closed';
  port: number | null = null;
  error: ErrorInfo | null = null;
  openedAt: number | null = null;
  closedAt: number | null = null;
  connectionsTotal = 0;
  connectionsOpen = 0;
  bytesIn = 0;
  bytesOut = 0;
  private readonly hooks: ListenerHooks;
  private server: Server | null = null;
  private readonly live = new Set<RecordedConnection>();
  private closing: Promise<void> | null = null;
  private opening: Promise<Result<ListenerInfo>> | null = null;

  constructor(setup: ListenerSetup) {
    this.id = setup.id;
    this.host = setup.host;
    this.requestedPort = setup.requestedPort;
    this.behaviour = setup.behaviour;
    this.hooks = setup.hooks;
    this.family = setup.host.includes(':') ? 'IPv6' : 'IPv4';
  }

  /** True while a bind or a close is in flight; commands on it answer LISTENER_BUSY. */
  get busy(): boolean {
    return this.state === 'opening' || this.state === 'closing';
  }

  /** Bind (again): on the port it last had, else the one asked for. Never rejects. */
  open(): Promise<Result<ListenerInfo>> {
    if (this.opening !== null) return this.opening;
    const port = this.port ?? this.requestedPort;
    this.state = 'opening';
    this.error = null;
    this.closedAt = null;
    this.hooks.changed(this);
    const server = createServer({ allowHalfOpen: true, noDelay: true });
    server.on('connection', this.onConnection);
    this.opening = new Promise<Result<ListenerInfo>>((resolve) => {
      const onError = (error: Error): void => {
        server.removeListener('listening', onListening);
        this.state = 'failed';
        this.error = bindError(error, { host: this.host, port });
        this.closedAt = now();
        this.hooks.changed(this);
        resolve(fail(this.error));
      };
      const onListening = (): void => {
        server.removeListener('error', onError);
        // From here on an error (e.g. EMFILE on accept) is reported, never thrown.
        server.on('error', this.onRuntimeError);
        const address = server.address();
        this.port = typeof address === 'object' && address !== null ? address.port : port;
        this.server = server;
        this.state = 'open';
        this.openedAt = now();
        this.hooks.changed(this);
        resolve(ok(this.snapshot()));
      };
      server.once('error', onError);
      server.once('listening', onListening);
      try {
        // ipv6Only stays false: '::' is the explicit "all interfaces" choice and should take
        // IPv4 clients too (shown as IPv4, see address.ts); for '::1' it makes no difference.
        server.listen({ host: this.host, port, backlog: LISTEN_BACKLOG, ipv6Only: false });
      } catch (error) {
        server.removeListener('error', onError);
        onError(error instanceof Error ? error : new Error(String(error)));
      }
    }).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /**
   * Stop accepting, end every open connection with 'port-closed', and resolve once the server
   * and all its sockets are gone. Connections stay in history. Safe to call in any state.
   */
  async close(): Promise<void> {
    if (this.opening !== null) await this.opening;
    if (this.closing !== null) return this.closing;
    const server = this.server;
    if (this.state !== 'open' || server === null) return;
    this.state = 'closing';
    this.hooks.changed(this);
    this.closing = (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...this.live].map((conn) => conn.requestClose('port-closed')));
      await stopped;
      this.server = null;
      this.state = 'closed';
      this.closedAt = now();
      this.hooks.changed(this);
    })().finally(() => {
      this.closing = null;
    });
    return this.closing;
  }

  snapshot(): ListenerInfo {
    return {
      id: this.id,
      protocol: 'tcp',
      host: this.host,
      requestedPort: this.requestedPort,
      port: this.port,
      state: this.state,
      behaviour: this.behaviour.kind,
      exposed: isExposedHost(this.host),
      error: this.error,
      openedAt: this.openedAt,
      closedAt: this.closedAt,
      connectionsTotal: this.connectionsTotal,
      connectionsOpen: this.connectionsOpen,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
    };
  }

  private readonly onConnection = (socket: Socket): void => {
    let conn: RecordedConnection;
    try {
      conn = this.hooks.accept(socket, this);
    } catch (error) {
      // A bug in recording must cost one connection, not the process.
      socket.on('error', () => undefined);
      socket.destroy();
      this.onRuntimeError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.connectionsTotal++;
    this.live.add(conn);
    void conn.whenClosed().then(() => this.live.delete(conn));
  };

  private readonly onRuntimeError = (error: Error): void => {
    const code = errnoCode(error) ?? error.message;
    this.error = appError('INTERNAL', { host: this.host, detail: `port ${this.id}: ${code}` });
    this.hooks.changed(this);
  };
}
