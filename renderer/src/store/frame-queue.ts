// Batches and re-list pages are queued in arrival order and applied together, once per
// animation frame, in one store update. Arrival order matters: the transport delivers replies
// and batches in the order the engine produced them, so applying them in that order always
// leaves the newest snapshot of everything.
import type { StoreOp } from './store-types';

/** A hidden tab gets no animation frames; this keeps the queue from growing without bound. */
const HIDDEN_FLUSH_MS = 250;

export interface FrameQueue {
  push(op: StoreOp): void;
  /** Apply everything now (tests, and before reading state synchronously). */
  flush(): void;
}

export function createFrameQueue(apply: (ops: readonly StoreOp[]) => void): FrameQueue {
  let queue: StoreOp[] = [];
  let frame = 0;
  let timer = 0;

  function flush(): void {
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
    frame = 0;
    timer = 0;
    const ops = queue;
    queue = [];
    if (ops.length > 0) apply(ops);
  }

  function schedule(): void {
    if (frame || timer) return;
    frame = requestAnimationFrame(flush);
    timer = window.setTimeout(flush, HIDDEN_FLUSH_MS);
  }

  return {
    push(op) {
      queue.push(op);
      schedule();
    },
    flush,
  };
}
