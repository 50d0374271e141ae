// One TCP port Porthole listens on: binding (both loopback families for 'localhost') with typed
// errors, its state machine (opening → open → closing → closed, or failed), the behaviour new
// connections get, and the connections it accepted.

import type { Server, Socket } from 'node:net';
import type { BehaviourConfig, FaultConfig } from '../../shared/behaviours';
import { appError, fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import {
  isExposedHost,
  type BoundAddress,
  type ListenerInfo,
  type ListenerState,
  type ListenHost,
} from '../../shared/model';
import type { Behaviour } from './tcp-behaviour';
import { errnoCode } from '../net/bind-error';
import {
  describeBindFailure,
  otherFamilyNotice,
  skippedNotice,
  type SkippedAddress,
} from '../net/bind-failure';
import { createTcpBehaviour } from './behaviours/create-behaviour';
import { now } from '../core/clock';
import type { EngineListener, ListenerContext, ListenerLink } from '../core/engine-types';
import { toBound, type HostAddress } from '../net/listen-addresses';
import { TcpConnection } from './tcp-connection';
import { bindTcp, type BoundServer } from './tcp-bind';

export { LISTEN_BACKLOG } from './tcp-bind';

export interface ListenerSetup {
  readonly id: string;
  readonly host: ListenHost;
  readonly requestedPort: number;
  readonly behaviour: BehaviourConfig;
  readonly faults: FaultConfig;
  readonly context: ListenerContext;
}

export class TcpListener implements EngineListener, ListenerLink {
  readonly id: string;
  readonly protocol = 'tcp' as const;
  readonly host: ListenHost;
  readonly requestedPort: number;
  state: ListenerState = 'closed';
  port: number | null = null;
  error: ErrorInfo | null = null;
  notice: ErrorInfo | null = null;
  openedAt: number | null = null;
  closedAt: number | null = null;
  connectionsTotal = 0;
  connectionsOpen = 0;
  bytesIn = 0;
  bytesOut = 0;
  private config: BehaviourConfig;
  private faults: FaultConfig;
  private behaviour: Behaviour;
  private readonly context: ListenerContext;
  private servers: readonly BoundServer[] = [];
  private readonly live = new Set<TcpConnection>();
  private closing: Promise<void> | null = null;
  private opening: Promise<Result<ListenerInfo>> | null = null;
  /** Bumped per bind, so a late notice lookup from an earlier bind is ignored. */
  private generation = 0;

  constructor(setup: ListenerSetup) {
    this.id = setup.id;
    this.host = setup.host;
    this.requestedPort = setup.requestedPort;
    this.context = setup.context;
    this.config = setup.behaviour;
    this.faults = setup.faults;
    this.behaviour = this.build(setup.behaviour);
  }

  /** True while a bind or a close is in flight; commands on it answer LISTENER_BUSY. */
  get busy(): boolean {
    return this.state === 'opening' || this.state === 'closing';
  }

  configure(behaviour: BehaviourConfig, faults: FaultConfig): void {
    this.behaviour = this.build(behaviour);
    this.config = behaviour;
    this.faults = faults;
    this.changed();
  }

  /** Bind (again): on `port`, else the port it last had, else the one asked for. Never rejects. */
  open(port?: number): Promise<Result<ListenerInfo>> {
    if (this.opening !== null) return this.opening;
    const target = port ?? this.port ?? this.requestedPort;
    if (port !== undefined) this.port = null;
    this.state = 'opening';
    this.error = null;
    this.notice = null;
    this.closedAt = null;
    this.generation++;
    this.changed();
    this.opening = this.bind(target).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /**
   * Stop accepting, end every open connection with 'port-closed', and resolve once the servers
   * and all their sockets are gone. Connections stay in history. Safe to call in any state.
   */
  async close(): Promise<void> {
    if (this.opening !== null) await this.opening;
    if (this.closing !== null) return this.closing;
    const servers = this.servers;
    if (this.state !== 'open' || servers.length === 0) return;
    this.state = 'closing';
    this.changed();
    this.closing = (async () => {
      const stopped = servers.map(
        ({ server }) => new Promise<void>((resolve) => server.close(() => resolve())),
      );
      await Promise.all([...this.live].map((conn) => conn.requestClose('port-closed')));
      await Promise.all(stopped);
      this.servers = [];
      this.state = 'closed';
      this.closedAt = now();
      this.changed();
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
      behaviour: this.config,
      faults: this.faults,
      exposed: isExposedHost(this.host),
      addresses: this.state === 'open' ? this.boundAddresses() : [],
      error: this.error,
      notice: this.notice,
      openedAt: this.openedAt,
      closedAt: this.closedAt,
      connectionsTotal: this.connectionsTotal,
      connectionsOpen: this.connectionsOpen,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
    };
  }

  private build(config: BehaviourConfig): Behaviour {
    return this.context.behaviourOverride ?? createTcpBehaviour(config);
  }

  private boundAddresses(): BoundAddress[] {
    return this.servers.map((s) => toBound(s.address));
  }

  private async bind(port: number): Promise<Result<ListenerInfo>> {
    const outcome = await bindTcp(this.host, port);
    if (!outcome.ok) {
      this.error = await describeBindFailure(outcome.error, {
        protocol: 'tcp',
        host: this.host,
        port,
      });
      this.state = 'failed';
      this.closedAt = now();
      this.changed();
      return fail(this.error);
    }
    for (const bound of outcome.servers) this.watch(bound.server, bound.address);
    this.servers = outcome.servers;
    this.port = outcome.port;
    this.state = 'open';
    this.openedAt = now();
    if (outcome.skipped !== null) this.notice = skippedNotice(outcome.skipped, outcome.port);
    this.changed();
    this.lookForOtherFamilyHolder(outcome.skipped, outcome.port);
    return ok(this.snapshot());
  }

  /**
   * Who holds the port on the loopback family we do not have: read from the socket tables (or
   * lsof/netstat), so it runs after the port is open and arrives as a notice in a later batch.
   */
  private lookForOtherFamilyHolder(skipped: SkippedAddress | null, port: number): void {
    const generation = this.generation;
    void otherFamilyNotice('tcp', this.host, skipped, port).then((notice) => {
      if (notice === null || generation !== this.generation || this.state !== 'open') return;
      this.notice = notice;
      this.changed();
    });
  }

  private watch(server: Server, address: HostAddress): void {
    server.on('connection', (socket: Socket) => this.accept(socket, address));
    // From here on an error (e.g. EMFILE on accept) is reported, never thrown.
    server.on('error', this.onRuntimeError);
  }

  private accept(socket: Socket, address: HostAddress): void {
    let conn: TcpConnection;
    const ctx = this.context;
    try {
      conn = new TcpConnection({
        id: ctx.nextConnectionId(),
        socket,
        listener: this,
        listenerFamily: address.family,
        behaviour: this.behaviour,
        faults: this.faults,
        totals: ctx.totals,
        maxChunkRecords: ctx.maxChunkRecords,
        hooks: ctx.connectionHooks,
      });
      ctx.added(conn);
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
  }

  private changed(): void {
    this.context.listenerChanged(this);
  }

  private readonly onRuntimeError = (error: Error): void => {
    const code = errnoCode(error) ?? error.message;
    this.error = appError('INTERNAL', { host: this.host, detail: `port ${this.id}: ${code}` });
    this.changed();
  };
}
