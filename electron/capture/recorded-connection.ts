// One accepted TCP connection: wires the socket to its recorder and behaviour, tracks its state
// and why it ended, and builds the ConnectionInfo snapshot the batcher sends.

import type { Socket } from 'node:net';
import { appError, type ErrorInfo } from '../../shared/errors';
import type {
  AddressFamily,
  BehaviourKind,
  ConnectionInfo,
  ConnectionState,
  EndReason,
} from '../../shared/model';
import { normaliseAddress } from './address';
import { errnoCode } from './bind-error';
import type { Behaviour, BehaviourConnection, BehaviourSession } from './behaviour';
import type { CaptureTotals } from './capture-totals';
import { now } from './clock';
import { ConnectionRecorder } from './connection-recorder';

/** How long a user-requested close waits for queued outbound bytes before cutting the socket. */
export const CLOSE_GRACE_MS = 1000;

/** Errors that mean "the client went away abruptly" rather than "something broke". */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** What a connection needs from the listener that accepted it. */
export interface ListenerLink {
  readonly id: string;
  bytesIn: number;
  bytesOut: number;
  connectionsOpen: number;
}

export interface ConnectionHooks {
  /** Called once per frame at most: when the connection goes from clean to dirty. */
  changed(conn: RecordedConnection): void;
  closed(conn: RecordedConnection): void;
}

export interface ConnectionSetup {
  readonly id: number;
  readonly socket: Socket;
  readonly listener: ListenerLink;
  readonly listenerFamily: AddressFamily;
  readonly behaviour: Behaviour;
  readonly totals: CaptureTotals;
  readonly maxChunkRecords: number;
  readonly hooks: ConnectionHooks;
}

export class RecordedConnection implements BehaviourConnection {
  readonly id: number;
  readonly listenerId: string;
  readonly behaviourKind: BehaviourKind;
  readonly recorder: ConnectionRecorder;
  readonly openedAt = now();
  state: ConnectionState = 'open';
  endReason: EndReason | null = null;
  error: ErrorInfo | null = null;
  closedAt: number | null = null;
  private readonly local: { address: string; port: number; family: AddressFamily };
  private readonly remote: { address: string; port: number };
  /** Released when the connection closes, so history does not keep every dead socket alive. */
  private socket: Socket | null;
  private readonly listener: ListenerLink;
  private readonly hooks: ConnectionHooks;
  private session: BehaviourSession;
  private dirty = false;
  private clientEnded = false;
  private socketError: string | null = null;
  private requestedReason: EndReason | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  private readonly closedPromise: Promise<void>;
  private resolveClosed: () => void = () => undefined;

  constructor(setup: ConnectionSetup) {
    const { socket } = setup;
    this.id = setup.id;
    this.socket = socket;
    this.listener = setup.listener;
    this.listenerId = setup.listener.id;
    this.hooks = setup.hooks;
    this.behaviourKind = setup.behaviour.kind;
    this.recorder = new ConnectionRecorder(setup.totals, setup.maxChunkRecords, this.openedAt);
    const remote = normaliseAddress(socket.remoteAddress, setup.listenerFamily);
    const local = normaliseAddress(socket.localAddress, setup.listenerFamily);
    this.remote = { address: remote.address, port: socket.remotePort ?? 0 };
    this.local = { address: local.address, port: socket.localPort ?? 0, family: remote.family };
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    this.listener.connectionsOpen++;

    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    this.session = this.guard(() => setup.behaviour.attach(this)) ?? {};
    this.markDirty();
  }

  // ---- BehaviourConnection: the write path, ready for echo / reply / relay ----

  write(data: Uint8Array | string): boolean {
    const socket = this.socket;
    if (socket === null || socket.destroyed || !socket.writable) return false;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.recordOutbound(bytes);
    return socket.write(bytes);
  }

  /**
   * Record bytes as sent to the client. The buffer may be kept without copying, so callers must
   * not modify it afterwards (the socket would send the modified bytes too).
   */
  recordOutbound(data: Uint8Array): void {
    if (data.byteLength === 0) return;
    this.recorder.record(1, data, now());
    this.listener.bytesOut += data.byteLength;
    this.markDirty();
  }

  end(): void {
    if (this.socket !== null && !this.socket.destroyed) this.socket.end();
  }

  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  // ---- Engine side ----

  /**
   * Close at the user's (or the port's) request. Queued outbound bytes are flushed and a FIN is
   * sent, then the socket is destroyed without waiting for the client's FIN: the user asked for
   * the connection to be gone, and a client that never closes its side must not keep it alive.
   * With nothing queued we destroy at once (the kernel still sends FIN, as the receive queue is
   * drained while we read). A client that does not read gets cut after CLOSE_GRACE_MS.
   */
  requestClose(reason: EndReason): Promise<void> {
    if (this.state === 'closed') return this.closedPromise;
    this.requestedReason ??= reason;
    const socket = this.socket;
    if (socket === null) return this.closedPromise;
    if (socket.writableLength === 0) {
      socket.destroy();
    } else {
      socket.end(() => socket.destroy());
      this.graceTimer ??= setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    }
    return this.closedPromise;
  }

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
    return {
      id: this.id,
      listenerId: this.listenerId,
      protocol: 'tcp',
      behaviour: this.behaviourKind,
      localAddress: this.local.address,
      localPort: this.local.port,
      remoteAddress: this.remote.address,
      remotePort: this.remote.port,
      family: this.local.family,
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

  // ---- Socket events. Arrow properties: bound once, no closure per event. ----

  /** The hot path: one call per socket read. Records and marks dirty; snapshots wait for flush. */
  private readonly onData = (data: Buffer): void => {
    this.recorder.record(0, data, now());
    this.listener.bytesIn += data.byteLength;
    if (!this.dirty) this.markDirty();
    const onData = this.session.onData;
    if (onData !== undefined) this.guard(() => onData(data));
  };

  private readonly onEnd = (): void => {
    this.clientEnded = true;
    if (this.state === 'open') this.state = 'half-closed';
    this.markDirty();
    const onClientEnd = this.session.onClientEnd;
    if (onClientEnd !== undefined) this.guard(() => onClientEnd());
    else this.end();
  };

  private readonly onError = (error: Error): void => {
    // Only remember it: 'close' follows every socket error and decides the end reason.
    this.socketError ??= errnoCode(error) ?? error.message;
  };

  private readonly onClose = (hadError: boolean): void => {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    this.state = 'closed';
    this.closedAt = now();
    this.endReason = this.decideEndReason(hadError);
    this.recorder.compact();
    this.listener.connectionsOpen--;
    const onClose = this.session.onClose;
    if (onClose !== undefined) this.guard(() => onClose());
    this.socket = null;
    this.session = {};
    this.markDirty();
    this.hooks.closed(this);
    this.resolveClosed();
  };

  private decideEndReason(hadError: boolean): EndReason {
    if (this.requestedReason !== null) return this.requestedReason;
    const code = this.socketError;
    if (code !== null && !RESET_CODES.has(code)) {
      this.error ??= appError('INTERNAL', {
        detail: `connection #${this.id}: socket error ${code}`,
      });
      return 'error';
    }
    if (code !== null || hadError) return 'client-reset';
    return 'client-closed';
  }

  private markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.hooks.changed(this);
  }

  /** A behaviour that throws ends its own connection with 'error'; it never reaches the process. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.error = appError('INTERNAL', { detail: `connection #${this.id}: behaviour: ${detail}` });
      this.socketError ??= 'EBEHAVIOUR';
      this.socket?.destroy();
      return undefined;
    }
  }
}
