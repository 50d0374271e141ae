// One UDP peer of a port (its address and port, on one of the port's sockets): every datagram
// from it recorded 'in' as one chunk, everything sent to it 'out'. UDP has no connection, so a
// conversation opens with the peer's first datagram and closes only when Porthole closes it
// (user, port closed, "close after reply", or the bound on open conversations).

import type { BehaviourConfig, FaultConfig } from '../../shared/behaviours';
import { appError, fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import type { AddressFamily, EndReason, UpstreamInfo } from '../../shared/model';
import type { CaptureTotals } from '../core/capture-totals';
import { now } from '../core/clock';
import type { CloseMode, ConnectionHooks, ListenerLink } from '../core/engine-types';
import type { ChunkSink } from '../recording/connection-recorder';
import { RecordedConnection } from '../recording/recorded-connection';
import { describeErrno, errnoCode } from '../net/errno';
import { DelayQueue } from './delay-queue';
import type { ThreadSocket } from './udp-thread';
import {
  NO_SESSION,
  type UdpBehaviour,
  type UdpSession,
  type UdpSessionHost,
} from './udp-behaviour';

/** The largest UDP payload per family (65,535 minus the UDP header, and for IPv4 its header). */
const MAX_DATAGRAM_BYTES: Readonly<Record<AddressFamily, number>> = {
  IPv4: 65_507,
  IPv6: 65_527,
};

/** What a conversation reads from its port: figures it updates, and the current settings. */
export interface UdpPortLink extends ListenerLink {
  readonly faults: FaultConfig;
}

/**
 * Configs are plain parsed data, so equal JSON means equal behaviour. Changing only the faults
 * must not rebuild sessions: a relay would drop its upstream socket and the answers on their way.
 */
function sameBehaviour(a: BehaviourConfig, b: BehaviourConfig): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface ConversationSetup {
  readonly id: number;
  /** When the worker read the peer's first datagram. */
  readonly openedAt: number;
  readonly port: UdpPortLink;
  /** The port's behaviour now, and the configuration it was built from. */
  readonly behaviour: UdpBehaviour;
  readonly behaviourConfig: BehaviourConfig;
  /** The port's socket the peer's datagrams arrive on; replies leave from it too. */
  readonly socket: ThreadSocket;
  /** The peer as the socket reports it (raw: replies are sent to exactly this). */
  readonly peer: Endpoint;
  /** The peer as shown (IPv4-mapped addresses as plain IPv4) and its family. */
  readonly shownPeer: Endpoint & { readonly family: AddressFamily };
  readonly local: Endpoint;
  readonly totals: CaptureTotals;
  readonly maxChunkRecords: number;
  readonly hooks: ConnectionHooks;
  readonly chunkSink: ChunkSink | null;
  /** Told synchronously when it closes, so the port can forget the peer before its next datagram. */
  readonly onClosed: (conv: UdpConversation) => void;
}

export class UdpConversation extends RecordedConnection implements UdpSessionHost {
  readonly protocol = 'udp' as const;
  private readonly setup: ConversationSetup;
  private socket: ThreadSocket | null;
  /**
   * The last time recorded. A datagram is stamped when the worker read it, which can be before
   * an answer the engine recorded to an earlier one: records keep their order in time anyway.
   */
  private lastAt: number;
  private readonly queue = new DelayQueue();
  private session: UdpSession = NO_SESSION;
  private sessionConfig: BehaviourConfig;

  constructor(setup: ConversationSetup) {
    super({
      id: setup.id,
      listener: setup.port,
      behaviour: setup.behaviour.kind,
      endpoints: {
        localAddress: setup.local.address,
        localPort: setup.local.port,
        remoteAddress: setup.shownPeer.address,
        remotePort: setup.shownPeer.port,
        family: setup.shownPeer.family,
      },
      totals: setup.totals,
      maxChunkRecords: setup.maxChunkRecords,
      hooks: setup.hooks,
      chunkSink: setup.chunkSink,
      openedAt: setup.openedAt,
    });
    this.lastAt = setup.openedAt;
    this.setup = setup;
    this.socket = setup.socket;
    this.sessionConfig = setup.behaviourConfig;
    this.session = this.guard(() => setup.behaviour.start(this)) ?? NO_SESSION;
  }

  /**
   * One datagram from the peer: recorded as one chunk (the recorder copies it), then handed to
   * the behaviour. `data` is the worker's memory, reused once this returns (see DatagramHandler):
   * a behaviour, which may keep it (a delayed echo, a relay waiting for its upstream), gets a copy.
   */
  receive(data: Buffer, receivedAt: number): void {
    if (this.state === 'closed') return;
    const at = Math.max(receivedAt, this.lastAt);
    this.lastAt = at;
    this.recorder.record(0, data, at);
    this.setup.port.bytesIn += data.byteLength;
    if (!this.dirty) this.markDirty();
    const session = this.session;
    if (session === NO_SESSION) return;
    const own = Buffer.from(data);
    this.guard(() => session.onDatagram(own));
  }

  /**
   * The port switched behaviour. Datagrams from now on follow it, in conversations already open
   * too: a peer usually keeps its source port for as long as it runs, so "new conversations
   * only" would mean a switch never reaches a running client. Replies already waiting out a
   * delay still go; a relay's upstream socket is closed.
   */
  applyBehaviour(config: BehaviourConfig, behaviour: UdpBehaviour): void {
    if (this.state === 'closed' || sameBehaviour(config, this.sessionConfig)) return;
    this.session.close();
    this.sessionConfig = config;
    this.behaviourKind = behaviour.kind;
    if (behaviour.kind !== 'relay') this.upstream = null;
    this.session = this.guard(() => behaviour.start(this)) ?? NO_SESSION;
    this.markDirty();
  }

  /**
   * Whether nothing went either way since `since` (engine clock) and no reply waits out a
   * delay: the port closes such a conversation as idle.
   */
  quietSince(since: number): boolean {
    return this.state !== 'closed' && this.lastAt < since && this.queue.length === 0;
  }

  // ---- CapturedConnection ----

  /** Talk back: one datagram to the peer now (the delay fault is for the port's own answers). */
  send(data: Uint8Array): Result<number> {
    if (this.state === 'closed') return fail(appError('CONNECTION_CLOSED', { id: this.id }));
    const tooLarge = this.tooLarge(data.byteLength);
    if (tooLarge !== null) return fail(tooLarge);
    this.sendToPeer(data);
    return ok(data.byteLength);
  }

  /**
   * UDP sends nothing on close and has no RST, so `mode` makes no difference, and a "reset"
   * is recorded as what it was on the wire: closed by the user.
   */
  requestClose(reason: EndReason, _mode?: CloseMode): Promise<void> {
    this.close(reason === 'reset-by-user' ? 'closed-by-user' : reason);
    return this.whenClosed();
  }

  // ---- UdpSessionHost ----

  later(bytes: number, action: () => void): void {
    if (this.state === 'closed') return;
    this.queue.schedule(this.setup.port.faults.delayMs, bytes, () => this.guard(action));
  }

  /**
   * Recorded 'out' as it is handed to the socket, like TCP writes. A datagram too large for
   * the peer's family is not sent (and not recorded): the conversation shows why.
   */
  sendToPeer(data: Uint8Array): void {
    const socket = this.socket;
    if (socket === null) return;
    const tooLarge = this.tooLarge(data.byteLength);
    if (tooLarge !== null) {
      this.setError(tooLarge);
      return;
    }
    const { peer } = this.setup;
    // A zero-length datagram is sent, but the recorder keeps no chunk for it (no bytes).
    const at = Math.max(now(), this.lastAt);
    this.lastAt = at;
    this.recorder.record(1, data, at);
    this.setup.port.bytesOut += data.byteLength;
    if (!this.dirty) this.markDirty();
    // Through the worker, in order with every other send; a refusal comes back to onSent.
    socket.send(data, peer.port, peer.address, this.onSent);
  }

  finish(reason: EndReason): void {
    this.close(reason);
  }

  setUpstream(info: UpstreamInfo | null): void {
    if (this.state === 'closed' && info?.state !== 'closed') return;
    this.upstream = info;
    this.markDirty();
  }

  setError(error: ErrorInfo | null): void {
    this.error = error;
    this.markDirty();
  }

  // ---- internals ----

  private close(reason: EndReason): void {
    if (this.state === 'closed') return;
    // First, so a session that ends the conversation from its close() finds it closed.
    this.state = 'closed';
    this.queue.clear();
    const session = this.session;
    this.session = NO_SESSION;
    this.guard(() => session.close());
    this.socket = null;
    this.settleClosed(reason);
    this.setup.onClosed(this);
  }

  /** DATAGRAM_TOO_LARGE when `bytes` cannot go to this peer in one datagram, else null. */
  private tooLarge(bytes: number): ErrorInfo | null {
    const { family } = this.setup.shownPeer;
    const max = MAX_DATAGRAM_BYTES[family];
    if (bytes <= max) return null;
    const detail = `A ${bytes.toLocaleString('en')}-byte datagram is too large for an ${family} peer (at most ${max.toLocaleString('en')} bytes)`;
    return appError('DATAGRAM_TOO_LARGE', { detail });
  }

  /** The OS refused a datagram (no buffer space, the network is unreachable): shown, not thrown. */
  private readonly onSent = (error: Error | null): void => {
    if (error === null || error === undefined) return;
    const code = errnoCode(error);
    const detail = code === null ? error.message : describeErrno(code);
    this.setError(appError('SEND_FAILED', { subject: `conversation #${this.id}`, detail }));
  };

  /** A behaviour that throws shows an error on its own conversation; it never reaches the process. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.setError(
        appError('INTERNAL', { detail: `conversation #${this.id}: behaviour: ${detail}` }),
      );
      return undefined;
    }
  }
}
