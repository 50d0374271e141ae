// One comparison of two connections: this thread walks both directions in step (reporting where
// they first part as soon as it is seen), then copies each direction's bytes into shared memory
// for a worker thread of the job's own, which sends back the changes and the message
// comparison. The job keeps only what the view shows; the bytes go when the worker is done.

import type { Worker } from 'node:worker_threads';
import {
  MAX_CHANGES_PAGE,
  MAX_LISTED_CHANGES,
  type CompareChange,
  type CompareFirst,
  type CompareMessages,
  type ComparePage,
} from '../../shared/compare/compare-page';
import type { DiffStats } from '../../shared/compare/hunk';
import type { DecoderName } from '../../shared/decoders/types';
import { appError, type ErrorInfo } from '../../shared/errors';
import type { Direction } from '../../shared/model';
import type { ByteSource } from './byte-source';
import { copySide, findFirst, lengthOf } from './load-direction';
import { startWorker } from '../core/start-worker';
import type { CompareWorkerData, FromWorker, ToWorker } from './worker-protocol';

interface DirectionState {
  /** undefined until known; null when the two are identical. */
  first: CompareFirst | null | undefined;
  readonly changes: CompareChange[];
  stats: DiffStats | null;
  granularity: 'bytes' | 'lines' | null;
  approximate: boolean;
  done: boolean;
  messages: CompareMessages | null;
  /** Bumped on every change, so a waiting call knows there is news. */
  version: number;
}

const DIRECTIONS: readonly Direction[] = ['in', 'out'];

const fresh = (): DirectionState => ({
  first: undefined,
  changes: [],
  stats: null,
  granularity: null,
  approximate: false,
  done: false,
  messages: null,
  version: 0,
});

export class CompareJob {
  private readonly state: Record<Direction, DirectionState> = { in: fresh(), out: fresh() };
  /** Set by the worker's last message: nothing more will come. */
  private finished = false;
  private error: ErrorInfo | null = null;
  /** Null once released: cancelled, failed, or everything is in. */
  private worker: Promise<Worker | null> | null;
  private stopped = false;
  private readonly waiters = new Set<() => void>();
  /** Resolved when the worker has faulted in a direction's memory. */
  private readonly prepared = new Map<Direction, () => void>();

  constructor(
    readonly id: string,
    sources: readonly [ByteSource, ByteSource],
    decoder: DecoderName | null,
  ) {
    this.worker = startWorker('compare-worker', { decoder } satisfies CompareWorkerData).then(
      (worker) => {
        // The engine never waits for a comparison to end: not to exit, not to close.
        worker.unref();
        worker.on('message', (message: FromWorker) => this.fromWorker(message));
        worker.on('error', (error) => this.fail(appError('INTERNAL', { detail: error.message })));
        worker.on('exit', () => {
          if (!this.finished && !this.stopped)
            this.fail(appError('INTERNAL', { detail: 'the compare worker stopped' }));
        });
        return worker;
      },
      this.startFailed,
    );
    for (const direction of DIRECTIONS) void this.load(sources, direction);
  }

  private async load(sources: readonly [ByteSource, ByteSource], direction: Direction) {
    // The worker faults the memory in while this thread looks for the first difference.
    const a = new SharedArrayBuffer(lengthOf(sources[0], direction));
    const b = new SharedArrayBuffer(lengthOf(sources[1], direction));
    const ready = new Promise<void>((resolve) => this.prepared.set(direction, resolve));
    this.post({ type: 'prepare', direction, a, b });
    const stopped = () => this.stopped || this.error !== null;
    const first = await findFirst(sources, direction, stopped);
    if (first === null || stopped()) return;
    if (!first.ok) return this.fail(first.error);
    this.update(direction, (s) => (s.first = first.value));
    await ready;
    if (stopped()) return;
    const [aLength, bLength] = await Promise.all([
      copySide(sources[0], direction, new Uint8Array(a), stopped),
      copySide(sources[1], direction, new Uint8Array(b), stopped),
    ]);
    if (aLength === null || bLength === null || stopped()) return;
    if (!aLength.ok) return this.fail(aLength.error);
    if (!bLength.ok) return this.fail(bLength.error);
    this.post({ type: 'direction', direction, aLength: aLength.value, bLength: bLength.value });
  }

  private readonly startFailed = (error: unknown): null => {
    this.fail(
      appError('INTERNAL', { detail: `the compare worker did not start: ${String(error)}` }),
    );
    return null;
  };

  private post(message: ToWorker): void {
    // In order: each waits for the same promise, and its callbacks run in the order added.
    void this.worker?.then((worker) => worker?.postMessage(message));
  }

  private fromWorker(message: FromWorker): void {
    if (message.type === 'prepared') return this.prepared.get(message.direction)?.();
    if (message.type === 'failed')
      return this.fail(appError('INTERNAL', { detail: message.message }));
    if (message.type === 'changes') {
      return this.update(message.direction, (s) => {
        const room = MAX_LISTED_CHANGES - s.changes.length;
        s.changes.push(...message.changes.slice(0, Math.max(0, room)));
        s.stats = message.stats;
        s.granularity = message.granularity;
        s.approximate = message.approximate;
        s.done = message.done;
      });
    }
    this.finished = true;
    for (const direction of DIRECTIONS) {
      this.update(direction, (s) => (s.messages = message.messages?.[direction] ?? null));
    }
    // Everything the view shows is here: the worker, and the bytes it holds, can go.
    this.release();
  }

  private update(direction: Direction, change: (s: DirectionState) => void): void {
    const s = this.state[direction];
    change(s);
    s.version++;
    this.wake();
  }

  private fail(error: ErrorInfo): void {
    if (this.error !== null || this.stopped) return;
    this.error = error;
    this.release();
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
    // A load waiting for memory that will never be ready (stopped, failed) ends too.
    if (this.stopped || this.error !== null)
      for (const resolve of this.prepared.values()) resolve();
  }

  private release(): void {
    void this.worker?.then((worker) => worker?.terminate());
    this.worker = null;
  }

  /** Stop loading and diffing, and let go of everything (cancel, or replaced by a newer job). */
  stop(): void {
    this.stopped = true;
    this.release();
    this.wake();
  }

  /** What there is for `direction` from change `from` on, or the job's error. */
  page(direction: Direction, from: number): ComparePage | ErrorInfo {
    if (this.error !== null) return this.error;
    if (this.stopped) return appError('COMPARE_NOT_FOUND', { detail: this.id });
    const s = this.state[direction];
    return {
      direction,
      version: s.version,
      firstKnown: s.first !== undefined,
      first: s.first ?? null,
      changes: s.changes.slice(from, from + MAX_CHANGES_PAGE),
      listed: s.changes.length,
      stats: s.stats,
      granularity: s.granularity,
      approximate: s.approximate,
      done: s.done,
      messages: s.messages,
      complete: this.finished,
    };
  }

  /**
   * The page for `direction` once there is news for the caller, who has read up to change
   * `from` and saw state `seen` (the `version` of its last answer; omitted at first): answers
   * at once if there is, else when there is, or after `maxWaitMs` as it is.
   */
  async next(
    direction: Direction,
    from: number,
    seen: number | undefined,
    maxWaitMs: number,
  ): Promise<ComparePage | ErrorInfo> {
    const s = this.state[direction];
    const news = () =>
      this.error !== null || this.stopped || s.version !== seen || s.changes.length > from;
    if (!news()) {
      await new Promise<void>((resolve) => {
        const done = () => {
          if (!news()) return;
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiters.delete(done);
          resolve();
        }, maxWaitMs);
        this.waiters.add(done);
      });
    }
    return this.page(direction, from);
  }
}
