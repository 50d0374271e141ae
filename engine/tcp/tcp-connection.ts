// One accepted TCP connection: wires the socket to its recorder and behaviour, sends through the
// port's faults, and decides how it ended. What every connection shares (state, snapshot, change
// notification) is in recording/recorded-connection.ts.

import type { Socket } from 'node:net';
import type { FaultConfig } from '../../shared/behaviours';
import { appError, fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import type { AddressFamily, EndReason, UpstreamInfo } from '../../shared/model';
import type { CaptureTotals } from '../core/capture-totals';
import { now } from '../core/clock';
import type { CloseMode, ConnectionHooks, ListenerLink } from '../core/engine-types';
import type { ChunkSink } from '../recording/connection-recorder';
import { RecordedConnection } from '../recording/recorded-connection';
import { errnoCode } from '../net/errno';
import { normaliseAddress } from '../net/normalise-address';
import { errnoError } from '../net/socket-error';
import { createOutbound } from './faults/create-outbound';
import type { LentReads } from './lent-reads';
import type { Outbound } from './faults/outbound';
import { ResetBudget } from './faults/reset-budget';
import type { BehaviourConnection, BehaviourSession, TcpBehaviour } from './tcp-behaviour';

/** How long a user-requested close waits for queued outbound bytes before cutting the socket. */
const CLOSE_GRACE_MS = 1000;

/**
 * Linux reports an RST that arrives while received bytes are still unread as a plain EOF, so a
 * reset right after a write would look like an orderly close to the client. A reset within this
 * long of our last write waits this long, giving the client time to read those bytes first.
 */
const RESET_SETTLE_MS = 10;

/** Errors that mean "the client went away abruptly" rather than "something broke". */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** Stands in for a behaviour's session that failed to start, and after close. */
const NO_SESSION: BehaviourSession = {};

export interface TcpConnectionSetup {
  readonly id: number;
  readonly socket: Socket;
  readonly listener: ListenerLink;
  readonly listenerFamily: AddressFamily;
  readonly behaviour: TcpBehaviour;
  /** The port's faults when the connection began (later changes apply to new connections). */
  readonly faults: FaultConfig;
  readonly totals: CaptureTotals;
  readonly maxChunkRecords: number;
  readonly hooks: ConnectionHooks;
  readonly chunkSink: ChunkSink | null;
  /** The socket reads into lent buffers through this (its behaviour `lendsReads`), or null. */
  readonly lentReads: LentReads | null;
}

export class TcpConnection extends RecordedConnection implements BehaviourConnection {
  readonly protocol = 'tcp' as const;
  readonly faults: FaultConfig;
  /** Released when the connection closes, so history does not keep every dead socket alive. */
  private socket: Socket | null;
  private readonly outbound: Outbound;
  /** The "reset after N bytes" line, counted over both directions; null when off. */
  private readonly budget: ResetBudget | null;
  private session: BehaviourSession = NO_SESSION;
  /** Porthole has ended its side (FIN queued): nothing more may be sent. */
  private ourSideEnded = false;
  /** finish() or a close request is under way. */
  private closing = false;
  /** The errno of the first socket error; 'close' follows and decides the end reason. */
  private socketError: string | null = null;
  /** A behaviour threw: the connection ends with 'error' and INTERNAL, whatever the socket says. */
  private behaviourThrew = false;
  /** Why we (the user, a behaviour, a fault) ended it: wins over what the socket reports. */
  private requestedReason: EndReason | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  private resetTimer: NodeJS.Timeout | null = null;
  /** When bytes last went onto the socket (see RESET_SETTLE_MS). */
  private lastSentAt = 0;

  constructor(setup: TcpConnectionSetup) {
    const { socket } = setup;
    const remote = normaliseAddress(socket.remoteAddress, setup.listenerFamily);
    const local = normaliseAddress(socket.localAddress, setup.listenerFamily);
    super({
      id: setup.id,
      listener: setup.listener,
      behaviour: setup.behaviour.kind,
      endpoints: {
        localAddress: local.address,
        localPort: socket.localPort ?? 0,
        remoteAddress: remote.address,
        remotePort: socket.remotePort ?? 0,
        family: remote.family,
      },
      totals: setup.totals,
      maxChunkRecords: setup.maxChunkRecords,
      hooks: setup.hooks,
      chunkSink: setup.chunkSink,
    });
    this.socket = socket;
    this.faults = setup.faults;
    const limit = setup.faults.resetAfterBytes;
    this.budget = limit === null ? null : new ResetBudget(limit);
    this.outbound = createOutbound({
      socket,
      faults: setup.faults,
      sink: this,
      budget: this.budget,
      onResetLine: () => this.reset('fault-reset'),
    });

    const onData = this.budget === null ? this.onData : this.onDataCounted;
    if (setup.lentReads === null) {
      socket.on('data', onData);
    } else {
      setup.lentReads.deliver = (data, giveBack) => {
        onData(data, giveBack);
        return true;
      };
    }
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    this.session = this.guard(() => setup.behaviour.attach(this)) ?? NO_SESSION;
    this.markDirty();
    // "Reset after 0 bytes" is reset on connect: nothing passes either way.
    if (this.budget?.reached === true) this.reset('fault-reset');
    // The port accepts paused (tcp-bind.ts); reading starts now that everything is wired.
    else socket.resume();
  }

  // ---- BehaviourConnection ----

  /** Ignored (returns true: nothing to wait for) once our side has ended or the socket is gone. */
  write(data: Uint8Array | string, done?: () => void): boolean {
    if (this.ourSideEnded || this.socket === null || this.socket.destroyed) {
      done?.();
      return true;
    }
    return this.outbound.write(typeof data === 'string' ? Buffer.from(data) : data, done);
  }

  onceDrained(callback: () => void): void {
    if (this.socket === null) callback();
    else this.outbound.onceDrained(callback);
  }

  /**
   * The outbound path calls this as bytes go onto the socket. The buffer may be kept without
   * copying, so callers must not modify it afterwards (the socket would send the change too).
   */
  sent(data: Uint8Array): void {
    const at = now();
    this.lastSentAt = at;
    this.recorder.record(1, data, at);
    this.listener.bytesOut += data.byteLength;
    if (!this.dirty) this.markDirty();
  }

  end(): void {
    if (this.ourSideEnded || this.socket === null) return;
    this.ourSideEnded = true;
    if (this.state === 'open') this.state = 'half-closed';
    this.markDirty();
    this.outbound.end();
  }

  finish(reason: EndReason): void {
    if (this.socket === null) return;
    this.requestedReason ??= reason;
    this.closeAfterFlush();
  }

  fail(error: ErrorInfo, reason: EndReason): void {
    if (this.socket === null) return;
    this.error ??= error;
    this.markDirty();
    this.finish(reason);
  }

  /**
   * RST now (or RESET_SETTLE_MS after our last write). Nothing queued is sent any more. A reset
   * overrides an earlier, still pending close reason: it is what the client actually sees.
   */
  reset(reason: EndReason, error?: ErrorInfo): void {
    const socket = this.socket;
    if (socket === null || socket.destroyed || this.resetTimer !== null) return;
    if (error !== undefined) {
      this.error ??= error;
      this.markDirty();
    }
    this.requestedReason = reason;
    this.ourSideEnded = true;
    this.outbound.discard();
    const wait = this.lastSentAt + RESET_SETTLE_MS - now();
    if (wait <= 0) socket.resetAndDestroy();
    else this.resetTimer = setTimeout(() => socket.resetAndDestroy(), Math.ceil(wait));
  }

  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  setUpstream(info: UpstreamInfo | null): void {
    if (this.state === 'closed') return;
    this.upstream = info;
    this.markDirty();
  }

  // ---- Engine side ----

  /** Talk back: bytes typed by the user, sent through the same faults as everything else. */
  send(data: Uint8Array): Result<number> {
    const socket = this.socket;
    if (this.state === 'closed' || socket === null || socket.destroyed) {
      return fail(appError('CONNECTION_CLOSED', { id: this.id }));
    }
    if (this.ourSideEnded || !socket.writable) {
      return fail(appError('CONNECTION_NOT_WRITABLE', { id: this.id }));
    }
    this.outbound.write(data);
    return ok(data.byteLength);
  }

  /**
   * End at the user's (or the port's) request. 'reset' aborts with RST at once. 'close' flushes
   * queued outbound bytes and sends FIN, then destroys the socket without waiting for the
   * client's FIN: the user asked for the connection to be gone, and a client that never closes
   * its side must not keep it alive. Whatever is still unsent after CLOSE_GRACE_MS (a client
   * that does not read, a long delay fault) is dropped and the socket cut.
   */
  requestClose(reason: EndReason, mode: CloseMode = 'close'): Promise<void> {
    const socket = this.socket;
    if (this.state === 'closed' || socket === null || this.resetTimer !== null) {
      return this.whenClosed();
    }
    if (mode === 'reset') {
      this.reset(reason);
      return this.whenClosed();
    }
    this.requestedReason ??= reason;
    this.graceTimer ??= setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    this.closeAfterFlush();
    return this.whenClosed();
  }

  /**
   * FIN once our queue is on the socket, then destroy once the socket has flushed. With nothing
   * buffered we destroy at once (the kernel still sends FIN, as the receive queue is drained
   * while we read).
   */
  private closeAfterFlush(): void {
    if (this.closing || this.resetTimer !== null) return;
    this.closing = true;
    this.ourSideEnded = true;
    this.outbound.whenFlushed(() => {
      const socket = this.socket;
      if (socket === null || socket.destroyed) return;
      if (socket.writableLength === 0) socket.destroy();
      else socket.end(() => socket.destroy());
    });
  }

  // ---- Socket events. Arrow properties: bound once, no closure per event. ----

  /**
   * The hot path: one call per socket read. Records and marks dirty; snapshots wait for flush.
   * `giveBack` comes with a lent read: the recorder copies what it keeps, the session gets it.
   */
  private readonly onData = (data: Buffer, giveBack?: () => void): void => {
    this.recorder.record(0, data, now());
    this.listener.bytesIn += data.byteLength;
    if (!this.dirty) this.markDirty();
    // Called as a method (sessions may be class instances), guarded without a closure per read.
    const session = this.session;
    if (session.onData === undefined) {
      giveBack?.();
      return;
    }
    try {
      session.onData(data, giveBack);
    } catch (error) {
      // Not given back: the session may have passed it on; a slot lost beats a slot reused early.
      this.behaviourFailed(error);
    }
  };

  /**
   * With "reset after N bytes": what arrives counts toward the line too. Bytes past it are
   * treated as lost with the connection (not recorded, not handed to the behaviour), so exactly
   * N bytes pass in total, as on a link that broke at that point.
   */
  private readonly onDataCounted = (data: Buffer, giveBack?: () => void): void => {
    const budget = this.budget;
    const allowed = budget === null || this.socket === null ? 0 : budget.take(data.byteLength);
    if (allowed > 0) {
      this.onData(allowed === data.byteLength ? data : data.subarray(0, allowed), giveBack);
    } else {
      giveBack?.();
    }
    if (budget?.reached === true) this.reset('fault-reset');
  };

  private readonly onEnd = (): void => {
    if (this.state === 'open') this.state = 'half-closed';
    this.markDirty();
    const session = this.session;
    if (session.onClientEnd !== undefined) this.guard(() => session.onClientEnd?.());
    else this.end();
  };

  private readonly onError = (error: Error): void => {
    // Only remember it: 'close' follows every socket error and decides the end reason.
    this.socketError ??= errnoCode(error) ?? error.message;
  };

  private readonly onClose = (hadError: boolean): void => {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    if (this.resetTimer !== null) clearTimeout(this.resetTimer);
    this.outbound.discard();
    // Before the state turns 'closed', so a relay can still publish its upstream's last state.
    const session = this.session;
    const reason = this.decideEndReason(hadError);
    this.guard(() => session.onClose?.(reason));
    this.socket = null;
    this.session = NO_SESSION;
    this.settleClosed(reason);
  };

  private decideEndReason(hadError: boolean): EndReason {
    if (this.requestedReason !== null) return this.requestedReason;
    if (this.behaviourThrew) return 'error';
    const code = this.socketError;
    if (code !== null && !RESET_CODES.has(code)) {
      // The OS ended it (a timeout, an unreachable network): not a Porthole fault.
      this.error ??= errnoError(code, `connection #${this.id}`);
      return 'error';
    }
    if (code !== null || hadError) return 'client-reset';
    return 'client-closed';
  }

  /** A behaviour that throws ends its own connection with 'error'; it never reaches the process. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.behaviourFailed(error);
      return undefined;
    }
  }

  private behaviourFailed(error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    this.error = appError('INTERNAL', { detail: `connection #${this.id}: behaviour: ${detail}` });
    this.behaviourThrew = true;
    this.socket?.destroy();
  }
}
