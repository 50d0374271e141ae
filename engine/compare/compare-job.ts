// One comparison of two connections: this thread reads both directions in step (reporting where
// they first part as soon as it is seen) and hands each direction's bytes to a worker thread of
// the job's own, which sends back the changes and the message comparison. The job keeps only
// what the view shows; the bytes go when the worker is done.

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
import { loadDirection } from './load-direction';
import { startCompareWorker } from './start-worker';
import type { DirectionBytes, FromWorker } from './worker-protocol';

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
  private worker: Worker | null;
  private stopped = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly id: string,
    sources: readonly [ByteSource, ByteSource],
    decoder: DecoderName | null,
  ) {
    this.worker = startCompareWorker({ decoder });
    // The engine never waits for a comparison to end: not to exit, not to close.
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.fromWorker(message));
    this.worker.on('error', (error) => this.fail(appError('INTERNAL', { detail: error.message })));
    this.worker.on('exit', () => {
      if (!this.finished && !this.stopped)
        this.fail(appError('INTERNAL', { detail: 'the compare worker stopped' }));
    });
    for (const direction of DIRECTIONS) void this.load(sources, direction);
  }

  private async load(sources: readonly [ByteSource, ByteSource], direction: Direction) {
    const loaded = await loadDirection(
      sources,
      direction,
      (first) => this.update(direction, (s) => (s.first = first)),
      () => this.stopped,
    );
    if (loaded === null || this.stopped) return;
    if (!loaded.ok) return this.fail(loaded.error);
    const { a, b } = loaded.value;
    const message: DirectionBytes = { type: 'direction', direction, a, b };
    // Transferred, not copied: the worker owns the bytes from here.
    const transfer = [a.buffer, b.buffer].filter((x) => x.byteLength > 0) as ArrayBuffer[];
    this.worker?.postMessage(message, transfer);
  }

  private fromWorker(message: FromWorker): void {
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
  }

  private release(): void {
    void this.worker?.terminate();
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
