// The store owns its frame queue (frame-queue.ts), so there is one path for every change to
// engine-derived state and to the filter: batches, re-list pages, command replies and filter
// edits are queued in arrival order and applied in one `set` per animation frame.
import type { StateCreator } from 'zustand';
import { reduceOps } from './apply-ops';
import { createFrameQueue } from './frame-queue';
import type { PortholeState, StoreDeps } from './porthole-state';
import type { StoreOp } from './store-op';

export interface FrameSlice {
  /** Queue a change; it is applied with the rest of this frame's ops. */
  enqueue(op: StoreOp): void;
  /** Apply whatever is queued now (a reply a form reads back at once; tests). */
  flushFrame(): void;
  /** Apply ops in one state update: what a frame's flush calls. */
  applyOps(ops: readonly StoreOp[]): void;
}

export const createFrameSlice =
  ({ scheduler }: StoreDeps): StateCreator<PortholeState, [], [], FrameSlice> =>
  (set) => {
    const applyOps = (ops: readonly StoreOp[]): void => {
      if (ops.length > 0) set((state) => reduceOps(state, ops));
    };
    const queue = createFrameQueue(applyOps, scheduler);
    return { enqueue: queue.push, flushFrame: queue.flush, applyOps };
  };
