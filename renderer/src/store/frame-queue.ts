// Batches and re-list pages are queued in arrival order and applied together, once per
// animation frame, in one store update. Arrival order matters: the transport delivers replies
// and batches in the order the engine produced them, so applying them in that order always
// leaves the newest snapshot of everything.
import type { StoreOp } from './store-op';

/** A hidden tab gets no animation frames; this keeps the queue from growing without bound. */
const HIDDEN_FLUSH_MS = 250;

export interface FrameQueue {
  push(op: StoreOp): void;
  /** Apply everything now (tests, and before reading state synchronously). */
  flush(): void;
}

/** When to flush: injectable so the queue is testable without a browser. */
export interface FrameScheduler {
  /** Call `run` soon, once; returns a function that cancels it. */
  schedule(run: () => void): () => void;
}

/** The next animation frame, or a timer when the tab is hidden and frames stop. */
export const browserFrameScheduler: FrameScheduler = {
  schedule(run) {
    const frame = requestAnimationFrame(run);
    const timer = window.setTimeout(run, HIDDEN_FLUSH_MS);
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  },
};

export function createFrameQueue(
  apply: (ops: readonly StoreOp[]) => void,
  scheduler: FrameScheduler = browserFrameScheduler,
): FrameQueue {
  let queue: StoreOp[] = [];
  let cancel: (() => void) | null = null;

  function flush(): void {
    cancel?.();
    cancel = null;
    const ops = queue;
    queue = [];
    if (ops.length > 0) apply(ops);
  }

  return {
    push(op) {
      queue.push(op);
      cancel ??= scheduler.schedule(flush);
    },
    flush,
  };
}
