// The frame queue: any number of pushes in a frame become one apply, in push order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFrameQueue, type FrameScheduler } from '../../renderer/src/store/frame-queue';
import type { StoreOp } from '../../renderer/src/store/store-op';
import { stats } from './support/fixtures';

function fakeScheduler() {
  const pending: (() => void)[] = [];
  let cancelled = 0;
  const scheduler: FrameScheduler = {
    schedule(run) {
      pending.push(run);
      return () => {
        cancelled += 1;
      };
    },
  };
  return {
    scheduler,
    pending,
    cancelled: () => cancelled,
    frame() {
      const runs = pending.splice(0);
      for (const run of runs) run();
    },
  };
}

const op = (n: number): StoreOp => ({ kind: 'stats', stats: stats({ bytesReceived: n }) });
const received = (ops: readonly StoreOp[]) =>
  ops.map((o) => (o.kind === 'stats' ? o.stats.bytesReceived : -1));

describe('frame queue', () => {
  it('applies everything pushed before a frame once, in order', () => {
    const clock = fakeScheduler();
    const applied: number[][] = [];
    const queue = createFrameQueue((ops) => applied.push(received(ops)), clock.scheduler);
    queue.push(op(1));
    queue.push(op(2));
    queue.push(op(3));
    assert.equal(clock.pending.length, 1);
    assert.deepEqual(applied, []);
    clock.frame();
    assert.deepEqual(applied, [[1, 2, 3]]);
    queue.push(op(4));
    clock.frame();
    assert.deepEqual(applied, [[1, 2, 3], [4]]);
  });

  it('flushes at once on request and cancels the scheduled frame', () => {
    const clock = fakeScheduler();
    const applied: number[][] = [];
    const queue = createFrameQueue((ops) => applied.push(received(ops)), clock.scheduler);
    queue.push(op(1));
    queue.flush();
    assert.deepEqual(applied, [[1]]);
    assert.equal(clock.cancelled(), 1);
    queue.flush();
    assert.deepEqual(applied, [[1]], 'an empty queue applies nothing');
    queue.push(op(2));
    assert.equal(clock.pending.length, 2, 'a push after a flush schedules a new frame');
  });
});
