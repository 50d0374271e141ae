// What every captured connection shares, TCP connection or UDP conversation: its recorder, its
// state and end, change notification for the batcher, and the one place a ConnectionInfo
// snapshot is built. Each protocol adds only how bytes arrive, leave and end.

import type { ClientProcess } from '../../shared/client-process';
import type { ErrorInfo, Result } from '../../shared/errors';
import type {
  AddressFamily,
  BehaviourKind,
  ConnectionInfo,
  ConnectionState,
  EndReason,
  Protocol,
  UpstreamInfo,
} from '../../shared/model';
import { ConnectionRecorder, type ChunkSink } from './connection-recorder';
import type { CaptureTotals } from '../core/capture-totals';
import { now } from '../core/clock';
import type {
  CapturedConnection,
  CloseMode,
  ConnectionHooks,
  ListenerLink,
} from '../core/engine-types';

/** Where the connection runs, as shown (IPv4-mapped addresses already made plain). */
export interface ConnectionEndpoints {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly family: AddressFamily;
}

export interface RecordedConnectionSetup {
  readonly id: number;
  readonly listener: ListenerLink;
  readonly behaviour: BehaviourKind;
  readonly endpoints: ConnectionEndpoints;
  readonly totals: CaptureTotals;
  readonly maxChunkRecords: number;
  readonly hooks: ConnectionHooks;
  /** Where captured bytes are also written (the capture file), if anywhere. */
  readonly chunkSink: ChunkSink | null;
  /** When it opened, if earlier than now (a UDP peer's first datagram, stamped on arrival). */
  readonly openedAt?: number;
}

export abstract class RecordedConnection implements CapturedConnection {
  abstract readonly protocol: Protocol;
  readonly id: number;
  readonly listenerId: string;
  readonly recorder: ConnectionRecorder;
  readonly openedAt: number;
  state: ConnectionState = 'open';
  endReason: EndReason | null = null;
  error: ErrorInfo | null = null;
  closedAt: number | null = null;
  protected behaviourKind: BehaviourKind;
  protected upstream: UpstreamInfo | null = null;
  /** Set by a replay: the connection whose client side it sends again. */
  protected replayOf: number | null = null;
  /** Mock ports: where this client first differed from the recording (client-side offset). */
  protected divergedAt: number | null = null;
  /** Which program opened it, once the lookup has answered. */
  private client: ClientProcess | null = null;
  protected readonly listener: ListenerLink;
  /** Set from the first change after a snapshot until the next one: one notice per frame. */
  protected dirty = false;
  /** Fixed at accept; a replay learns its own side's address only once it has connected. */
  protected endpoints: ConnectionEndpoints;
  private readonly hooks: ConnectionHooks;
  private readonly closedPromise: Promise<void>;
  private resolveClosed: () => void = () => undefined;

  protected constructor(setup: RecordedConnectionSetup) {
    this.id = setup.id;
    this.openedAt = setup.openedAt ?? now();
    this.listener = setup.listener;
    this.listenerId = setup.listener.id;
    this.behaviourKind = setup.behaviour;
    this.endpoints = setup.endpoints;
    this.hooks = setup.hooks;
    this.recorder = new ConnectionRecorder(
      setup.totals,
      setup.maxChunkRecords,
      this.openedAt,
      setup.chunkSink === null ? null : { id: setup.id, to: setup.chunkSink },
    );
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    this.listener.connectionsOpen++;
  }

  abstract send(data: Uint8Array): Result<number>;
  abstract requestClose(reason: EndReason, mode?: CloseMode): Promise<void>;

  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /** The batcher's read: also re-arms change notification for the next frame. */
  snapshot(): ConnectionInfo {
    this.dirty = false;
    return this.info();
  }

  /** The current state, for command answers (leaves change notification alone). */
  info(): ConnectionInfo {
    const r = this.recorder;
    const e = this.endpoints;
    return {
      id: this.id,
      listenerId: this.listenerId,
      protocol: this.protocol,
      behaviour: this.behaviourKind,
      upstream: this.upstream,
      replayOf: this.replayOf,
      divergedAt: this.divergedAt,
      client: this.client,
      detected: r.detected(),
      localAddress: e.localAddress,
      localPort: e.localPort,
      remoteAddress: e.remoteAddress,
      remotePort: e.remotePort,
      family: e.family,
      openedAt: this.openedAt,
      firstByteAt: r.firstByteAt,
      lastActivityAt: r.lastActivityAt,
      closedAt: this.closedAt,
      state: this.state,
      endReason: this.endReason,
      error: this.error,
      in: r.stats('in'),
      out: r.stats('out'),
      chunkCount: r.chunkCount,
      truncated: r.truncated,
    };
  }

  /** The answer of the client-process lookup; it may come after the connection closed. */
  setClient(client: ClientProcess): void {
    this.client = client;
    this.markDirty();
  }

  /** The first point where the client differed from the recording a mock answers from. */
  markDiverged(offset: number): void {
    if (this.divergedAt !== null) return;
    this.divergedAt = offset;
    this.markDirty();
  }

  protected markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.hooks.changed(this);
  }

  /** The bookkeeping of an end, whatever the protocol: once, after the sockets are let go. */
  protected settleClosed(reason: EndReason): void {
    this.state = 'closed';
    this.closedAt = now();
    this.endReason = reason;
    this.recorder.compact();
    this.listener.connectionsOpen--;
    this.markDirty();
    this.hooks.closed(this);
    this.resolveClosed();
  }
}
