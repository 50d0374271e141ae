// One port Porthole listens on, whatever the protocol: its state machine (opening → open →
// closing → closed, or failed with a typed error), binding every address of its host with the
// reasons a bind failed, the other-family notice, errors while open, its behaviour, and its
// snapshot. TCP and UDP (tcp/tcp-listener.ts, udp/udp-listener.ts) supply only how to bind one
// address, how to serve a bound socket, and how to end their connections.

import type { BehaviourConfig, FaultConfig } from '../../shared/behaviours';
import { fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import {
  isExposedHost,
  type ListenerInfo,
  type ListenerState,
  type ListenHost,
  type Protocol,
} from '../../shared/model';
import { now } from '../core/clock';
import type { EngineListener, ListenerContext, ListenerLink } from '../core/engine-types';
import type { PortBehaviour } from '../core/port-behaviour';
import { describeBindFailure, otherFamilyNotice, skippedNotice } from './bind-failure';
import { bindHost, type Bound, type SkippedAddress, type SocketBinder } from './bind-host';
import { toBound } from './listen-addresses';
import { socketError } from './socket-error';

export interface ListenerSetup {
  readonly id: string;
  readonly host: ListenHost;
  readonly requestedPort: number;
  readonly behaviour: BehaviourConfig;
  readonly faults: FaultConfig;
  readonly context: ListenerContext;
}

export abstract class PortListener<Handle> implements EngineListener, ListenerLink {
  abstract readonly protocol: Protocol;
  readonly id: string;
  readonly host: ListenHost;
  readonly requestedPort: number;
  state: ListenerState = 'closed';
  port: number | null = null;
  /**
   * Why the port failed, or an error it met while open (e.g. out of file descriptors on
   * accept). The one copy the UI shows; cleared when the port is opened again.
   */
  error: ErrorInfo | null = null;
  notice: ErrorInfo | null = null;
  openedAt: number | null = null;
  closedAt: number | null = null;
  connectionsTotal = 0;
  connectionsOpen = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** See ListenerInfo.osDrops: kept up to date by UDP ports on Linux. */
  osDrops: number | null = null;
  /** Remembered in the workspace: opened by itself when Porthole starts. */
  openAtStart = false;
  /** The behaviour new connections (UDP: datagrams) get, built from its configuration. */
  protected behaviour: PortBehaviour;
  faults: FaultConfig;
  protected readonly context: ListenerContext;
  private bound: readonly Bound<Handle>[] = [];
  private opening: Promise<Result<ListenerInfo>> | null = null;
  private closing: Promise<void> | null = null;
  /** Bumped per bind, so a late notice lookup from an earlier bind is ignored. */
  private generation = 0;

  constructor(setup: ListenerSetup) {
    this.id = setup.id;
    this.host = setup.host;
    this.requestedPort = setup.requestedPort;
    this.context = setup.context;
    this.behaviour = setup.context.createBehaviour(setup.behaviour);
    this.faults = setup.faults;
  }

  /** How this protocol binds one address and lets go of its sockets. */
  protected abstract readonly binder: SocketBinder<Handle>;
  /** Start taking connections (TCP) or datagrams (UDP) on a freshly bound socket. */
  protected abstract serve(bound: Bound<Handle>): void;
  /** End every open connection with 'port-closed'; resolves once they are all closed. */
  protected abstract endConnections(): Promise<void>;
  /** The behaviour or faults changed (the new ones are already in place). */
  protected abstract behaviourChanged(): void;

  /** True while a bind or a close is in flight; commands on it answer LISTENER_BUSY. */
  get busy(): boolean {
    return this.state === 'opening' || this.state === 'closing';
  }

  /**
   * Bind (again): on `port`, else the port it last had, else the one asked for. An open port is
   * left as it is. Never rejects: a failure is the result, and the port's state and error.
   */
  open(port?: number): Promise<Result<ListenerInfo>> {
    if (this.opening !== null) return this.opening;
    if (this.state === 'open') return Promise.resolve(ok(this.snapshot()));
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
   * Stop taking new connections, end every open one with 'port-closed', and resolve once the
   * sockets and their connections are gone. Connections stay in history. Safe in any state.
   */
  async close(): Promise<void> {
    if (this.opening !== null) await this.opening;
    if (this.closing !== null) return this.closing;
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.changed();
    this.closing = (async () => {
      const handles = this.bound.map((b) => b.handle);
      this.bound = [];
      // Let go first, so nothing new arrives while the open connections are ended (a TCP
      // server's close completes only once its last connection is gone).
      const released = this.binder.release(handles);
      await this.endConnections();
      await released;
      this.state = 'closed';
      this.closedAt = now();
      this.changed();
    })().finally(() => {
      this.closing = null;
    });
    return this.closing;
  }

  configure(behaviour: BehaviourConfig, faults: FaultConfig): void {
    this.behaviour = this.context.createBehaviour(behaviour);
    this.faults = faults;
    this.behaviourChanged();
    this.changed();
  }

  snapshot(): ListenerInfo {
    return {
      id: this.id,
      protocol: this.protocol,
      host: this.host,
      requestedPort: this.requestedPort,
      port: this.port,
      state: this.state,
      behaviour: this.behaviour.config,
      faults: this.faults,
      openAtStart: this.openAtStart,
      exposed: isExposedHost(this.host),
      addresses: this.state === 'open' ? this.bound.map((b) => toBound(b.address)) : [],
      error: this.error,
      notice: this.notice,
      openedAt: this.openedAt,
      closedAt: this.closedAt,
      connectionsTotal: this.connectionsTotal,
      connectionsOpen: this.connectionsOpen,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      osDrops: this.osDrops,
    };
  }

  protected changed(): void {
    this.context.listenerChanged(this);
  }

  /**
   * An error on an open port (accept failing, a socket error): shown on the port, never thrown.
   * The port stays open; what it met stays visible until it is opened again.
   */
  protected readonly onRuntimeError = (error: unknown): void => {
    this.reportError(socketError(error, this.describe()));
  };

  /** A socket of the open port is gone for good: the port closes, and says why. */
  protected lostSocket(error: ErrorInfo): void {
    void this.close().then(() => this.reportError(error));
  }

  protected reportError(error: ErrorInfo): void {
    this.error = error;
    this.changed();
  }

  /** "TCP port localhost:8080", as errors name it. */
  protected describe(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.protocol.toUpperCase()} port ${host}:${this.port ?? this.requestedPort}`;
  }

  private async bind(port: number): Promise<Result<ListenerInfo>> {
    const outcome = await bindHost(this.host, port, this.binder);
    if (!outcome.ok) {
      this.error = await describeBindFailure(outcome.error, {
        protocol: this.protocol,
        host: this.host,
        port,
      });
      this.state = 'failed';
      this.closedAt = now();
      this.changed();
      return fail(this.error);
    }
    for (const bound of outcome.bound) this.serve(bound);
    this.bound = outcome.bound;
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
   * lsof/netstat), so it runs after the port is open and arrives as a notice in a later batch; a
   * holder that cannot be seen (or is this process) leaves the plain "held" notice from the bind.
   */
  private lookForOtherFamilyHolder(skipped: SkippedAddress | null, port: number): void {
    const generation = this.generation;
    void otherFamilyNotice(this.protocol, this.host, skipped, port).then((notice) => {
      if (notice === null || generation !== this.generation || this.state !== 'open') return;
      this.notice = notice;
      this.changed();
    });
  }
}
