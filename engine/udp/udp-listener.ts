// One UDP port: its sockets (two for 'localhost'), its state machine (opening → open → closing
// → closed, or failed with a typed error) and one conversation per peer that sent to it.

import type { RemoteInfo } from 'node:dgram';
import type { BehaviourConfig, FaultConfig } from '../../shared/behaviours';
import { appError, fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import {
  isExposedHost,
  type ListenerInfo,
  type ListenerState,
  type ListenHost,
} from '../../shared/model';
import { normaliseAddress } from '../net/normalise-address';
import { errnoCode } from '../net/bind-error';
import {
  describeBindFailure,
  otherFamilyNotice,
  skippedNotice,
  type SkippedAddress,
} from '../net/bind-failure';
import { now } from '../core/clock';
import type { EngineListener, ListenerContext } from '../core/engine-types';
import { toBound } from '../net/listen-addresses';
import { bindUdp, closeSockets, type BoundSocket } from './udp-bind';
import { UdpConversation, type UdpPortLink } from './udp-conversation';

/**
 * Open conversations kept per port. UDP never says a peer is gone, so without a bound a scan or
 * a client that picks a fresh source port per request would grow the table forever; beyond it
 * the least recently active conversation is closed ('idle'). It stays in history like any other.
 */
export const MAX_OPEN_CONVERSATIONS = 4096;

export interface UdpListenerSetup {
  readonly id: string;
  readonly host: ListenHost;
  readonly requestedPort: number;
  readonly behaviour: BehaviourConfig;
  readonly faults: FaultConfig;
  readonly context: ListenerContext;
  /** Tests set a small bound; the engine leaves the default. */
  readonly maxConversations?: number;
}

export class UdpListener implements EngineListener, UdpPortLink {
  readonly id: string;
  readonly protocol = 'udp' as const;
  readonly host: ListenHost;
  readonly requestedPort: number;
  behaviour: BehaviourConfig;
  faults: FaultConfig;
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
  private readonly context: ListenerContext;
  private readonly maxConversations: number;
  private sockets: readonly BoundSocket[] = [];
  /** Open conversations by socket + peer, least recently active first (re-inserted per datagram). */
  private readonly conversations = new Map<string, UdpConversation>();
  private opening: Promise<Result<ListenerInfo>> | null = null;
  private closing: Promise<void> | null = null;
  /** Bumped per bind, so a late notice lookup from an earlier bind is ignored. */
  private generation = 0;

  constructor(setup: UdpListenerSetup) {
    this.id = setup.id;
    this.host = setup.host;
    this.requestedPort = setup.requestedPort;
    this.behaviour = setup.behaviour;
    this.faults = setup.faults;
    this.context = setup.context;
    this.maxConversations = Math.max(1, setup.maxConversations ?? MAX_OPEN_CONVERSATIONS);
  }

  get busy(): boolean {
    return this.state === 'opening' || this.state === 'closing';
  }

  /** Bind (again): on `port` if given, else the port it last had, else the one asked for. */
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

  /** Close every open conversation ('port-closed'), then the sockets. Safe in any state. */
  async close(): Promise<void> {
    if (this.opening !== null) await this.opening;
    if (this.closing !== null) return this.closing;
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.changed();
    this.closing = (async () => {
      await Promise.all([...this.conversations.values()].map((c) => c.requestClose('port-closed')));
      const sockets = this.sockets;
      this.sockets = [];
      await closeSockets(sockets);
      this.state = 'closed';
      this.closedAt = now();
      this.changed();
    })().finally(() => {
      this.closing = null;
    });
    return this.closing;
  }

  /** Datagrams from now on follow the new settings, in open conversations too (see applyBehaviour). */
  configure(behaviour: BehaviourConfig, faults: FaultConfig): void {
    this.behaviour = behaviour;
    this.faults = faults;
    for (const conv of this.conversations.values()) conv.applyBehaviour(behaviour);
    this.changed();
  }

  snapshot(): ListenerInfo {
    return {
      id: this.id,
      protocol: 'udp',
      host: this.host,
      requestedPort: this.requestedPort,
      port: this.port,
      state: this.state,
      behaviour: this.behaviour,
      faults: this.faults,
      exposed: isExposedHost(this.host),
      addresses: this.state === 'open' ? this.sockets.map((s) => toBound(s.address)) : [],
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

  private async bind(port: number): Promise<Result<ListenerInfo>> {
    const outcome = await bindUdp(this.host, port);
    if (!outcome.ok) {
      this.error = await describeBindFailure(outcome.error, {
        protocol: 'udp',
        host: this.host,
        port,
      });
      this.state = 'failed';
      this.closedAt = now();
      this.changed();
      return fail(this.error);
    }
    for (const bound of outcome.sockets) {
      // From here on an error is reported on the port, never thrown.
      bound.socket.on('error', this.onRuntimeError);
      bound.socket.on('message', (data: Buffer, peer: RemoteInfo) =>
        this.onDatagram(bound, data, peer),
      );
    }
    this.sockets = outcome.sockets;
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
    void otherFamilyNotice('udp', this.host, skipped, port).then((notice) => {
      if (notice === null || generation !== this.generation || this.state !== 'open') return;
      this.notice = notice;
      this.changed();
    });
  }

  /** The conversations still open (tests and diagnostics). */
  get openConversations(): readonly UdpConversation[] {
    return [...this.conversations.values()];
  }

  /** The hot path: one call per datagram. */
  private onDatagram(bound: BoundSocket, data: Buffer, peer: RemoteInfo): void {
    if (this.state !== 'open') return;
    try {
      const key = `${bound.address.address} ${peer.address} ${peer.port}`;
      let conv = this.conversations.get(key);
      if (conv === undefined) {
        conv = this.startConversation(key, bound, peer);
      } else {
        // Move it to the most-recent end, so eviction picks the longest-quiet peer.
        this.conversations.delete(key);
        this.conversations.set(key, conv);
      }
      conv.receive(data);
    } catch (error) {
      // A bug in recording must cost one datagram, not the process.
      this.onRuntimeError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private startConversation(key: string, bound: BoundSocket, peer: RemoteInfo): UdpConversation {
    while (this.conversations.size >= this.maxConversations) {
      const quietest = this.conversations.entries().next().value;
      if (quietest === undefined) break;
      this.conversations.delete(quietest[0]);
      void quietest[1].requestClose('idle'); // Closes synchronously: UDP sends nothing.
    }
    const shown = normaliseAddress(peer.address, bound.address.family);
    const conv = new UdpConversation({
      id: this.context.nextConnectionId(),
      port: this,
      socket: bound.socket,
      peer: { address: peer.address, port: peer.port },
      shownPeer: { address: shown.address, port: peer.port, family: shown.family },
      local: { address: bound.address.address, port: bound.port },
      totals: this.context.totals,
      maxChunkRecords: this.context.maxChunkRecords,
      hooks: this.context.connectionHooks,
      onClosed: (closed) => {
        if (this.conversations.get(key) === closed) this.conversations.delete(key);
      },
    });
    this.conversations.set(key, conv);
    this.connectionsTotal++;
    this.context.added(conv);
    return conv;
  }

  private readonly onRuntimeError = (error: Error): void => {
    const code = errnoCode(error) ?? error.message;
    this.error = appError('INTERNAL', { host: this.host, detail: `port ${this.id}: ${code}` });
    this.changed();
  };

  private changed(): void {
    this.context.listenerChanged(this);
  }
}
