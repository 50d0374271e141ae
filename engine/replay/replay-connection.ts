// What a TCP and a UDP replay share: a connection Porthole itself opens, recorded like an
// accepted one but the other way round (local = the target, remote = Porthole's own socket, so
// "in" is still the client side and "out" the answer), linked to its original, with its target
// as the "upstream", and the plan run by the pacer once connected.

import { appError, fail, type ErrorInfo, type Result } from '../../shared/errors';
import type { EndReason } from '../../shared/model';
import { now } from '../core/clock';
import { readLiveBytes } from '../core/live-bytes';
import { normaliseAddress } from '../net/normalise-address';
import { RecordedConnection } from '../recording/recorded-connection';
import { AnswerWatch } from './answer-watch';
import { runPlan, type PacerOutcome, type ReplayIo } from './replay-pacer';
import type { ReplaySetup } from './replay-setup';

/**
 * The replay is the pacer's transport itself: one object of one class per protocol, whose
 * methods are the same functions on every replay, so the pacer's optimised code keeps them.
 */
export abstract class ReplayConnection extends RecordedConnection implements ReplayIo {
  protected readonly setup: ReplaySetup;
  /** Aborted when the replay stops early; the pacer stops with it. */
  protected readonly stop = new AbortController();
  /** Every step sent: what is left is the target's answer. */
  protected planDone = false;
  /** Why the person (or the engine's shutdown) ended it, when they did. */
  protected requestedReason: EndReason | null = null;
  private readonly answers = new AnswerWatch();
  private lingerTimer: NodeJS.Timeout | null = null;

  protected constructor(
    setup: ReplaySetup,
    /** How long a quiet target keeps the replay open after the last step or answer. */
    private readonly lingerMs: number,
  ) {
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
    this.replayOf = setup.original.id;
    this.upstream = {
      host: target.host,
      port: target.port,
      state: 'connecting',
      localAddress: null,
      localPort: null,
      connectedAt: null,
    };
  }

  /** A replay sends only what it replays; talking on it would blur what the target answered. */
  send(): Result<number> {
    return fail(appError('CONNECTION_NOT_WRITABLE', { id: this.id, detail: 'it is a replay' }));
  }

  /** Send one write of the plan; null when the transport can take the next at once. */
  abstract write(data: Uint8Array): Promise<void> | null;
  /** Every step is sent (TCP sends FIN; UDP only waits for the answer to go quiet). */
  protected abstract finished(): void;
  /** Close the socket; its close event settles the connection. */
  protected abstract closeSocket(): void;

  /** Connected from `address:port`: record where from, then run the plan. */
  protected connected(address: string | undefined, port: number): void {
    const mine = normaliseAddress(address, this.setup.target.family).address;
    this.endpoints = { ...this.endpoints, remoteAddress: mine, remotePort: port };
    this.upstream = {
      host: this.setup.target.host,
      port: this.setup.target.port,
      state: 'connected',
      localAddress: mine,
      localPort: port,
      connectedAt: now(),
    };
    this.markDirty();
    void runPlan(this.setup.plan, this.setup.run, this).then(this.onPlanDone);
  }

  /** The original's client bytes: from memory at once, or from the capture file later. */
  readRecorded(offset: number, length: number): Result<Uint8Array> | Promise<Result<Uint8Array>> {
    return readLiveBytes(this.setup.original, 'in', offset, length);
  }

  /** Bytes the target has sent so far. */
  answered(): number {
    return this.answers.total;
  }

  nextAnswer(ms: number): Promise<boolean> {
    return this.answers.next(ms);
  }

  get signal(): AbortSignal {
    return this.stop.signal;
  }

  /**
   * Bytes sent to the target: recorded as the client side. They are the original's recorded
   * bytes or the edited plan's, neither ever changed, so large ones are kept without a copy.
   */
  protected sent(data: Uint8Array): void {
    this.recorder.record(0, data, now(), true);
    this.markDirty();
  }

  /** The target's answer: recorded, and the linger starts again. */
  protected recordAnswer(data: Buffer): void {
    this.recorder.record(1, data, now());
    this.answers.add(data.byteLength);
    this.markDirty();
    if (this.planDone) this.armLinger();
  }

  /** Stop with an error on the connection (refused, reset, unreadable recording…). */
  protected fail(error: ErrorInfo): void {
    if (this.state === 'closed') return;
    this.error ??= error;
    this.stop.abort();
    this.closeSocket();
  }

  protected armLinger(): void {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => this.closeSocket(), this.lingerMs);
  }

  /** The socket closed: the end is settled here, once. */
  protected closed(reason: EndReason): void {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.stop.abort();
    this.answers.close();
    if (this.upstream !== null) {
      this.upstream = { ...this.upstream, state: this.error === null ? 'closed' : 'failed' };
    }
    this.settleClosed(reason);
  }

  private readonly onPlanDone = (outcome: PacerOutcome): void => {
    if (outcome.kind === 'stopped') return;
    if (outcome.kind === 'unreadable') {
      this.fail(outcome.error);
      return;
    }
    this.planDone = true;
    this.finished();
    this.armLinger();
    this.markDirty();
  };
}
