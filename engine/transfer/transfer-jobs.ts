// The exports and imports the engine is running, with their progress, for the stats every batch
// carries (so every window shows the same progress and any of them can cancel). Progress marks
// the stats changed; the batcher folds any number of marks into one batch per frame.

import { randomBytes } from 'node:crypto';
import type { ErrorInfo } from '../../shared/errors';
import type { TransferInfo } from '../../shared/transfer';

/** How long a finished transfer stays listed, so a window can show how it ended. */
const KEEP_ENDED_MS = 60_000;
/** Ended transfers listed at most; older ones go first. */
const KEEP_ENDED = 8;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface TransferJob {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Bytes done so far, and the total when it became known. */
  progress(doneBytes: number, totalBytes?: number): void;
  /** Names what the job is doing now, e.g. "receiving", "reading packets". */
  step(step: string): void;
  finish(outcome: { readonly error: ErrorInfo | null }): void;
}

export class TransferJobs {
  private readonly jobs = new Map<string, Mutable<TransferInfo>>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(
    private readonly changed: () => void,
    private readonly now: () => number,
  ) {}

  start(kind: TransferInfo['kind'], fileName: string, totalBytes: number | null): TransferJob {
    const id = `${kind}-${randomBytes(6).toString('hex')}`;
    const info: Mutable<TransferInfo> = {
      id,
      kind,
      fileName,
      state: 'running',
      step: kind === 'export' ? 'writing' : 'reading',
      doneBytes: 0,
      totalBytes,
      startedAt: this.now(),
      endedAt: null,
      error: null,
    };
    const controller = new AbortController();
    this.jobs.set(id, info);
    this.controllers.set(id, controller);
    this.changed();
    return {
      id,
      signal: controller.signal,
      progress: (doneBytes, total) => {
        info.doneBytes = doneBytes;
        if (total !== undefined) info.totalBytes = total;
        this.changed();
      },
      step: (step) => {
        info.step = step;
        this.changed();
      },
      finish: ({ error }) => {
        this.controllers.delete(id);
        info.state = controller.signal.aborted ? 'cancelled' : error === null ? 'done' : 'failed';
        info.error = info.state === 'failed' ? error : null;
        info.endedAt = this.now();
        this.changed();
      },
    };
  }

  /** False when there is no such transfer running (it may have ended already). */
  cancel(id: string): boolean {
    const controller = this.controllers.get(id);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.controllers.values()) controller.abort();
  }

  list(): TransferInfo[] {
    const now = this.now();
    const ended = [...this.jobs.values()].filter((job) => job.endedAt !== null);
    for (const [index, job] of ended.entries()) {
      const tooMany = index < ended.length - KEEP_ENDED;
      if (tooMany || now - (job.endedAt ?? now) > KEEP_ENDED_MS) this.jobs.delete(job.id);
    }
    return [...this.jobs.values()].map((job) => ({ ...job }));
  }
}
