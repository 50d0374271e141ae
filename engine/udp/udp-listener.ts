// One UDP port: what net/port-listener.ts does for every port, plus one conversation per peer
// that sends to it (two sockets for 'localhost', each with its own peers).

import { appError } from '../../shared/errors';
import { now } from '../core/clock';
import type { Bound } from '../net/bind-host';
import { normaliseAddress } from '../net/normalise-address';
import { PortListener, type ListenerSetup } from '../net/port-listener';
import { readOsDrops } from './os-drops';
import { udpBinder } from './udp-bind';
import { UdpConversation, type UdpPortLink } from './udp-conversation';
import type { ThreadSocket } from './udp-thread';

/**
 * Open conversations kept per port. UDP never says a peer is gone, so without a bound a scan or
 * a client that picks a fresh source port per request would grow the table forever; beyond it
 * the least recently active conversation is closed ('idle'). It stays in history like any other.
 */
const MAX_OPEN_CONVERSATIONS = 4096;
/** How often the OS's drop count is read while the port is open (one small file read). */
const OS_DROPS_INTERVAL_MS = 1000;
/**
 * A conversation in which nothing went either way for this long is over, and closes as 'idle'.
 * UDP never says a peer is gone: a client that exited, or that takes a new source port each
 * run, would otherwise leave its conversation open for as long as the port — with its
 * bookkeeping, which open connections never give back, and in relay mode its upstream socket.
 * 120 s is what Linux's connection tracking gives a UDP flow that got answers. If the peer
 * speaks again later, that is a new conversation.
 */
const IDLE_CONVERSATION_MS = 120_000;

export interface UdpListenerSetup extends ListenerSetup {
  /** Tests set a small bound; the engine leaves the default. */
  readonly maxConversations?: number;
  /** Tests set a short idle time; the engine leaves the default. */
  readonly idleConversationMs?: number;
}

export class UdpListener extends PortListener<ThreadSocket> implements UdpPortLink {
  readonly protocol = 'udp' as const;
  protected readonly binder = udpBinder;
  private readonly maxConversations: number;
  private readonly idleConversationMs: number;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Open conversations by socket + peer, least recently active first (re-inserted per datagram). */
  private readonly conversations = new Map<string, UdpConversation>();
  /** The sockets of this opening, and the timer that reads their drop counts. */
  private served: ThreadSocket[] = [];
  private dropsTimer: NodeJS.Timeout | null = null;
  /** The conversation that got the last datagram (the most recent one in `conversations`). */
  private lastPeer: {
    readonly bound: Bound<ThreadSocket>;
    readonly address: string;
    readonly port: number;
    readonly conv: UdpConversation;
  } | null = null;
  private readingDrops = false;
  /** OS drops counted by sockets this opening had before its reader restarted (see serve). */
  private osDropsBefore = 0;

  constructor(setup: UdpListenerSetup) {
    super(setup);
    this.maxConversations = Math.max(1, setup.maxConversations ?? MAX_OPEN_CONVERSATIONS);
    this.idleConversationMs = Math.max(1, setup.idleConversationMs ?? IDLE_CONVERSATION_MS);
  }

  /** The conversations still open (tests and diagnostics). */
  get openConversations(): readonly UdpConversation[] {
    return [...this.conversations.values()];
  }

  /**
   * The socket is read in the UDP worker thread (udp-thread.ts), which hands datagrams over in
   * blocks; its receive buffer was grown there. From here on an error is reported on the port,
   * never thrown.
   */
  protected serve(bound: Bound<ThreadSocket>): void {
    this.watchOsDrops(bound.handle);
    this.watchIdleConversations();
    bound.handle.serve(
      (data, address, port, at) => this.onDatagram(bound, data, address, port, at),
      {
        error: this.onRuntimeError,
        restarted: (cause) => {
          // The new socket's OS drop count starts at 0: what the old one counted is kept.
          this.osDropsBefore = this.osDrops ?? 0;
          this.notice = appError('UDP_READER_RESTARTED', {
            subject: this.describe(),
            detail: cause.message,
          });
          this.changed();
        },
        lost: (error) =>
          this.lostSocket(
            appError('UDP_READER_LOST', { subject: this.describe(), detail: error.message }),
          ),
      },
    );
  }

  /** Conversations close at once: UDP has nothing to send on close. */
  protected endConnections(): Promise<void> {
    this.stopWatchingOsDrops();
    if (this.idleTimer !== null) clearInterval(this.idleTimer);
    this.idleTimer = null;
    return Promise.all(
      [...this.conversations.values()].map((conv) => conv.requestClose('port-closed')),
    ).then(() => undefined);
  }

  /**
   * Datagrams from now on follow the new behaviour, in open conversations too (see
   * UdpConversation.applyBehaviour); the delay fault is read per datagram.
   */
  protected behaviourChanged(): void {
    const { config, udp } = this.behaviour;
    for (const conv of this.conversations.values()) conv.applyBehaviour(config, udp);
  }

  /**
   * The OS counts drops per socket from its creation, so a new opening starts from 0 (on Linux;
   * null elsewhere) and the figure stays as it was once the port closes.
   */
  private watchOsDrops(socket: ThreadSocket): void {
    if (this.dropsTimer === null) {
      this.served = [];
      this.osDrops = process.platform === 'linux' ? 0 : null;
      this.osDropsBefore = 0;
      if (process.platform === 'linux') {
        this.dropsTimer = setInterval(() => void this.readOsDrops(), OS_DROPS_INTERVAL_MS);
        this.dropsTimer.unref();
      }
    }
    this.served.push(socket);
  }

  /**
   * Close the conversations that went quiet, checked a few times per idle period (a scan of at
   * most maxConversations, while the port is open).
   */
  private watchIdleConversations(): void {
    if (this.idleTimer !== null) return;
    const every = Math.max(1, Math.min(10_000, Math.floor(this.idleConversationMs / 4)));
    this.idleTimer = setInterval(() => {
      const since = now() - this.idleConversationMs;
      for (const [key, conv] of this.conversations) {
        if (!conv.quietSince(since)) continue;
        this.conversations.delete(key);
        void conv.requestClose('idle'); // Closes synchronously: UDP sends nothing.
      }
    }, every);
    this.idleTimer.unref();
  }

  private stopWatchingOsDrops(): void {
    if (this.dropsTimer !== null) clearInterval(this.dropsTimer);
    this.dropsTimer = null;
  }

  private async readOsDrops(): Promise<void> {
    if (this.readingDrops) return;
    this.readingDrops = true;
    try {
      const sockets = this.served.map((s) => s.address());
      const drops = await readOsDrops(sockets);
      const total = drops === null ? null : this.osDropsBefore + drops;
      if (total !== null && total !== this.osDrops && this.dropsTimer !== null) {
        this.osDrops = total;
        this.changed();
      }
    } catch {
      // A socket closed under the read: the next tick (if any) reads the rest.
    } finally {
      this.readingDrops = false;
    }
  }

  /** The hot path: one call per datagram; `at` is when the worker read it. */
  private onDatagram(
    bound: Bound<ThreadSocket>,
    data: Buffer,
    address: string,
    port: number,
    at: number,
  ): void {
    if (this.state !== 'open') return;
    try {
      const last = this.lastPeer;
      // A burst is mostly one peer: its conversation is already the most recent one.
      if (last !== null && last.bound === bound && last.port === port && last.address === address) {
        last.conv.receive(data, at);
        return;
      }
      const key = `${bound.address.address} ${address} ${port}`;
      let conv = this.conversations.get(key);
      if (conv === undefined) {
        conv = this.startConversation(key, bound, { address, port }, at);
      } else {
        // Move it to the most-recent end, so eviction picks the longest-quiet peer.
        this.conversations.delete(key);
        this.conversations.set(key, conv);
      }
      this.lastPeer = { bound, address, port, conv };
      conv.receive(data, at);
    } catch (error) {
      // A bug in recording must cost one datagram, not the process.
      this.onRuntimeError(error);
    }
  }

  private startConversation(
    key: string,
    bound: Bound<ThreadSocket>,
    peer: { readonly address: string; readonly port: number },
    at: number,
  ): UdpConversation {
    while (this.conversations.size >= this.maxConversations) {
      const quietest = this.conversations.entries().next().value;
      if (quietest === undefined) break;
      this.conversations.delete(quietest[0]);
      void quietest[1].requestClose('idle'); // Closes synchronously: UDP sends nothing.
    }
    const shown = normaliseAddress(peer.address, bound.address.family);
    const ctx = this.context;
    const conv = new UdpConversation({
      id: ctx.nextConnectionId(),
      openedAt: at,
      port: this,
      behaviour: this.behaviour.udp,
      behaviourConfig: this.behaviour.config,
      socket: bound.handle,
      peer: { address: peer.address, port: peer.port },
      shownPeer: { address: shown.address, port: peer.port, family: shown.family },
      local: { address: bound.address.address, port: this.port ?? 0 },
      totals: ctx.totals,
      maxChunkRecords: ctx.maxChunkRecords,
      hooks: ctx.connectionHooks,
      chunkSink: ctx.chunkSink,
      onClosed: (closed) => {
        if (this.conversations.get(key) === closed) this.conversations.delete(key);
        if (this.lastPeer?.conv === closed) this.lastPeer = null;
      },
    });
    this.conversations.set(key, conv);
    this.connectionsTotal++;
    ctx.added(conv);
    return conv;
  }
}
