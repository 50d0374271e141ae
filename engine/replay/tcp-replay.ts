// A replay over TCP: Porthole connects to the target as the original's client did, sends the
// client's side step by step, and records the conversation as a new connection linked to the
// original ("replay of #12"). "in" is what Porthole sent (the client side), "out" the target's
// answer, so the two connections line up direction by direction for comparing.

import { connect, type Socket } from 'node:net';
import { appError, fail, type ErrorInfo, type Result } from '../../shared/errors';
import type { EndReason } from '../../shared/model';
import { now } from '../core/clock';
import type { CloseMode } from '../core/engine-types';
import { normaliseAddress } from '../net/normalise-address';
import { upstreamError, upstreamTimeout } from '../net/upstream-error';
import { DEFAULT_RELAY_TIMEOUT_MS } from '../../shared/behaviours';
import { RecordedConnection } from '../recording/recorded-connection';
import { OUTBOUND_HIGH_WATER } from '../tcp/faults/outbound';
import { AnswerWatch } from './answer-watch';
import { runPlan, type PacerOutcome } from './replay-pacer';
import type { ReplaySetup } from './replay-setup';

/** After the last write: how long a target that neither answers nor closes keeps the replay open. */
const REPLAY_LINGER_MS = 5000;

export class TcpReplay extends RecordedConnection {
  readonly protocol = 'tcp' as const;
  private socket: Socket | null;
  private readonly stop = new AbortController();
  private readonly answers = new AnswerWatch();
  private readonly setup: ReplaySetup;
  private connectTimer: NodeJS.Timeout | null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private planDone = false;
  private requestedReason: EndReason | null = null;

  constructor(setup: ReplaySetup) {
    const { target } = setup;
    super({
      id: setup.id,
      listener: setup.listener,
      behaviour: 'capture',
      // Porthole's own side is known once connected.
      endpoints: {
        localAddress: normaliseAddress(target.address, target.family).address,
        localPort: target.port,
        remoteAddress: '',
        remotePort: 0,
        family: target.family,
      },
      totals: setup.totals,
      maxChunkRecords: setup.maxChunkRecords,
      hooks: setup.hooks,
      chunkSink: setup.chunkSink,
    });
    this.setup = setup;
    this.replayOf = setup.originalId;
    this.upstream = {
      host: target.host,
      port: target.port,
      state: 'connecting',
      localAddress: null,
      localPort: null,
      connectedAt: null,
    };
    const socket = connect({
      host: target.address,
      port: target.port,
      noDelay: true,
      allowHalfOpen: true,
    });
    this.socket = socket;
    this.connectTimer = setTimeout(() => {
      this.fail(upstreamTimeout(target, DEFAULT_RELAY_TIMEOUT_MS));
    }, DEFAULT_RELAY_TIMEOUT_MS);
    socket.on('connect', this.onConnect);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', (error) => this.fail(upstreamError(error, target)));
    socket.on('close', this.onClose);
    this.markDirty();
  }

  /** A replay sends only what it replays; talking on it would blur what the target answered to. */
  send(): Result<number> {
    return fail(appError('CONNECTION_NOT_WRITABLE', { id: this.id, detail: 'it is a replay' }));
  }

  requestClose(reason: EndReason, mode: CloseMode = 'close'): Promise<void> {
    const socket = this.socket;
    if (socket === null) return this.whenClosed();
    this.requestedReason ??= reason;
    this.stop.abort();
    if (mode === 'reset') socket.resetAndDestroy();
    else socket.destroy();
    return this.whenClosed();
  }

  private readonly onConnect = (): void => {
    const socket = this.socket;
    if (socket === null) return;
    this.clearConnectTimer();
    const mine = normaliseAddress(socket.localAddress, this.setup.target.family);
    this.endpoints = {
      ...this.endpoints,
      remoteAddress: mine.address,
      remotePort: socket.localPort ?? 0,
    };
    this.upstream = {
      host: this.setup.target.host,
      port: this.setup.target.port,
      state: 'connected',
      localAddress: mine.address,
      localPort: socket.localPort ?? null,
      connectedAt: now(),
    };
    this.markDirty();
    void runPlan(this.setup.plan, this.setup.run, {
      readRecorded: this.setup.readRecorded,
      write: (data) => this.write(data),
      answered: () => this.answers.total,
      nextAnswer: (ms) => this.answers.next(ms),
      signal: this.stop.signal,
    }).then(this.onPlanDone);
  };

  private write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (socket === null || socket.destroyed || !socket.writable) return Promise.resolve();
    this.recorder.record(0, data, now());
    this.markDirty();
    socket.write(data);
    // The engine's one backpressure rule: up to 1 MiB may wait in the socket before the next
    // write waits for it to drain (Node's own 16 KiB mark would wait after every recorded read).
    if (socket.writableLength < OUTBOUND_HIGH_WATER) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.once('drain', done);
      socket.once('close', done);
    });
  }

  private readonly onPlanDone = (outcome: PacerOutcome): void => {
    const socket = this.socket;
    if (socket === null) return;
    if (outcome.kind === 'unreadable') {
      this.fail(outcome.error);
      return;
    }
    if (outcome.kind === 'stopped') return;
    this.planDone = true;
    // As the original client did once it had said everything: FIN, then read the rest.
    if (this.state === 'open') this.state = 'half-closed';
    socket.end();
    this.armLinger();
    this.markDirty();
  };

  private readonly onData = (data: Buffer): void => {
    this.recorder.record(1, data, now());
    this.answers.add(data.byteLength);
    this.markDirty();
    if (this.planDone) this.armLinger();
  };

  private readonly onEnd = (): void => {
    if (this.upstream !== null) this.upstream = { ...this.upstream, state: 'half-closed' };
    this.markDirty();
    // Everything sent and the target has finished too: done.
    if (this.planDone) this.socket?.destroy();
  };

  private fail(error: ErrorInfo): void {
    if (this.socket === null) return;
    this.error ??= error;
    this.stop.abort();
    this.socket.destroy();
  }

  private armLinger(): void {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => this.socket?.destroy(), REPLAY_LINGER_MS);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private readonly onClose = (): void => {
    this.clearConnectTimer();
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.stop.abort();
    this.answers.close();
    this.socket = null;
    if (this.upstream !== null) {
      this.upstream = { ...this.upstream, state: this.error === null ? 'closed' : 'failed' };
    }
    this.settleClosed(this.decideEndReason());
  };

  private decideEndReason(): EndReason {
    if (this.requestedReason !== null) return this.requestedReason;
    if (this.error !== null) return 'upstream-failed';
    if (!this.planDone) {
      const { host, port } = this.setup.target;
      this.error = appError('REPLAY_CUT_SHORT', { host, port, detail: sentSoFar(this) });
      return 'upstream-failed';
    }
    return 'replay-finished';
  }
}

function sentSoFar(conn: RecordedConnection): string {
  return `${conn.recorder.received('in')} bytes sent`;
}
