// A replay over UDP: the original peer's datagrams sent again, one by one, from a socket of
// Porthole's own; the target's datagrams back are the answer. Recorded like the TCP replay: "in"
// what was sent, "out" what came back, each datagram one chunk.

import { createSocket, type Socket } from 'node:dgram';
import { appError, fail, type ErrorInfo, type Result } from '../../shared/errors';
import type { EndReason } from '../../shared/model';
import { now } from '../core/clock';
import { normaliseAddress } from '../net/normalise-address';
import { upstreamError } from '../net/upstream-error';
import { RecordedConnection } from '../recording/recorded-connection';
import { AnswerWatch } from './answer-watch';
import { runPlan, type PacerOutcome } from './replay-pacer';
import type { ReplaySetup } from './replay-setup';

/** After the last datagram, or the last answer since: UDP has no close, so quiet ends it. */
const UDP_REPLAY_LINGER_MS = 1000;

export class UdpReplay extends RecordedConnection {
  readonly protocol = 'udp' as const;
  private socket: Socket | null;
  private readonly stop = new AbortController();
  private readonly answers = new AnswerWatch();
  private readonly setup: ReplaySetup;
  private lingerTimer: NodeJS.Timeout | null = null;
  private planDone = false;
  private requestedReason: EndReason | null = null;

  constructor(setup: ReplaySetup) {
    const { target } = setup;
    super({
      id: setup.id,
      listener: setup.listener,
      behaviour: 'capture',
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
    const socket = createSocket(target.family === 'IPv6' ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('message', this.onMessage);
    // A connected UDP socket hears ICMP "port unreachable" as ECONNREFUSED.
    socket.on('error', (error) => this.fail(upstreamError(error, target)));
    socket.on('close', this.onClose);
    socket.connect(target.port, target.address, this.onConnect);
    this.markDirty();
  }

  send(): Result<number> {
    return fail(appError('CONNECTION_NOT_WRITABLE', { id: this.id, detail: 'it is a replay' }));
  }

  requestClose(reason: EndReason): Promise<void> {
    this.requestedReason ??= reason;
    this.closeSocket();
    return this.whenClosed();
  }

  private readonly onConnect = (): void => {
    const socket = this.socket;
    if (socket === null) return;
    const mine = socket.address();
    const address = normaliseAddress(mine.address, this.setup.target.family).address;
    this.endpoints = { ...this.endpoints, remoteAddress: address, remotePort: mine.port };
    this.upstream = {
      host: this.setup.target.host,
      port: this.setup.target.port,
      state: 'connected',
      localAddress: address,
      localPort: mine.port,
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
    if (socket === null) return Promise.resolve();
    this.recorder.record(0, data, now());
    this.markDirty();
    return new Promise((resolve) => {
      socket.send(data, (error) => {
        if (error) this.fail(upstreamError(error, this.setup.target));
        resolve();
      });
    });
  }

  private readonly onPlanDone = (outcome: PacerOutcome): void => {
    if (this.socket === null || outcome.kind === 'stopped') return;
    if (outcome.kind === 'unreadable') {
      this.fail(outcome.error);
      return;
    }
    this.planDone = true;
    this.armLinger();
  };

  private readonly onMessage = (data: Buffer): void => {
    this.recorder.record(1, data, now());
    this.answers.add(data.byteLength);
    this.markDirty();
    if (this.planDone) this.armLinger();
  };

  private fail(error: ErrorInfo): void {
    if (this.socket === null) return;
    this.error ??= error;
    this.closeSocket();
  }

  private armLinger(): void {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => this.closeSocket(), UDP_REPLAY_LINGER_MS);
  }

  private closeSocket(): void {
    const socket = this.socket;
    if (socket === null) return;
    this.stop.abort();
    try {
      socket.close();
    } catch {
      // Already closing: 'close' settles it.
    }
  }

  private readonly onClose = (): void => {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.stop.abort();
    this.answers.close();
    this.socket = null;
    if (this.upstream !== null) {
      this.upstream = { ...this.upstream, state: this.error === null ? 'closed' : 'failed' };
    }
    let reason: EndReason = 'replay-finished';
    if (this.requestedReason !== null) reason = this.requestedReason;
    else if (this.error !== null) reason = 'upstream-failed';
    this.settleClosed(reason);
  };
}
