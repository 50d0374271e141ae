// The pacer with a scripted transport: fast pacing sends recorded steps without a promise hop
// while nothing has to wait, and still waits where something does (a socket over its mark, bytes
// read back from the capture file), in order, slice by slice, stopping on an unreadable range.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import { runPlan, type ReplayIo } from '../../../engine/replay/replay-pacer';
import type { ReplayPlan } from '../../../engine/replay/replay-steps';

const FAST = { pacing: 'fast', speed: 1 } as const;

/** Steps over a client stream of `sizes` bytes each, back to back. */
function planOf(sizes: readonly number[]): ReplayPlan {
  const offsets = new Float64Array(sizes.length);
  for (let i = 1; i < sizes.length; i++) offsets[i] = (offsets[i - 1] ?? 0) + (sizes[i - 1] ?? 0);
  return {
    count: sizes.length,
    offsets,
    lengths: Float64Array.from(sizes),
    times: new Float64Array(sizes.length),
    turnStarts: new Uint8Array(sizes.length),
    answers: new Float64Array(sizes.length),
    edited: null,
    missingBytes: 0,
  };
}

/** The recorded client stream: byte i is i mod 251, so a misplaced slice shows. */
function streamByte(i: number): number {
  return i % 251;
}

function slice(offset: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => streamByte(offset + i));
}

interface ScriptedIo extends ReplayIo {
  readonly writes: Uint8Array[];
  readonly reads: { offset: number; length: number }[];
}

function scriptedIo(options: {
  /** Reads come back later (the capture file) instead of at once (memory). */
  readonly readLater?: boolean;
  /** Every n-th write finds the socket over its mark and must wait for it to drain. */
  readonly drainEvery?: number;
  /** A read starting here fails (a damaged capture file). */
  readonly unreadableAt?: number;
}): ScriptedIo & { release(): void } {
  const writes: Uint8Array[] = [];
  const reads: { offset: number; length: number }[] = [];
  let pending: (() => void) | null = null;
  const stop = new AbortController();
  return {
    writes,
    reads,
    signal: stop.signal,
    answered: () => 0,
    nextAnswer: () => Promise.resolve(false),
    readRecorded(offset: number, length: number) {
      reads.push({ offset, length });
      const result: Result<Uint8Array> =
        offset === options.unreadableAt
          ? fail(appError('CAPTURE_UNREADABLE', { detail: 'test' }))
          : ok(slice(offset, length));
      return options.readLater === true ? Promise.resolve(result) : result;
    },
    write(data: Uint8Array) {
      writes.push(data);
      const every = options.drainEvery ?? 0;
      if (every === 0 || writes.length % every !== 0) return null;
      return new Promise<void>((resolve) => (pending = resolve));
    },
    release() {
      const resolve = pending;
      pending = null;
      resolve?.();
    },
  };
}

function joined(writes: readonly Uint8Array[]): Buffer {
  return Buffer.concat(writes.map((w) => Buffer.from(w)));
}

describe('replay pacer', () => {
  it('sends in-memory steps that need no wait in one synchronous run', async () => {
    const sizes = Array.from({ length: 50 }, (_, i) => 100 + i);
    const io = scriptedIo({});
    const run = runPlan(planOf(sizes), FAST, io);
    // Nothing had to wait, so every step went out before runPlan first yielded.
    assert.equal(io.writes.length, sizes.length);
    assert.deepEqual(await run, { kind: 'sent' });
    assert.deepEqual(
      io.writes.map((w) => w.byteLength),
      sizes,
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    assert.deepEqual(joined(io.writes), Buffer.from(slice(0, total)));
  });

  it('waits for the transport to take more before the next write', async () => {
    const io = scriptedIo({ drainEvery: 3 });
    const run = runPlan(planOf([10, 10, 10, 10, 10, 10, 10]), FAST, io);
    assert.equal(io.writes.length, 3, 'the third write filled the socket: the rest waits');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(io.writes.length, 3, 'still waiting for the drain');
    io.release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(io.writes.length, 6);
    io.release();
    assert.deepEqual(await run, { kind: 'sent' });
    assert.equal(io.writes.length, 7);
    assert.deepEqual(joined(io.writes), Buffer.from(slice(0, 70)));
  });

  it('sends a step larger than a read slice in 1 MiB slices, in order, also from disk', async () => {
    const mib = 1024 * 1024;
    for (const readLater of [false, true]) {
      const io = scriptedIo({ readLater, drainEvery: 2 });
      const plan = planOf([5, 2 * mib + 7, 3]);
      const run = runPlan(plan, FAST, io);
      // Release every drain as it comes until the run ends.
      const released = setInterval(() => io.release(), 1);
      try {
        assert.deepEqual(await run, { kind: 'sent' });
      } finally {
        clearInterval(released);
      }
      assert.deepEqual(
        io.reads.map((r) => [r.offset, r.length]),
        [
          [0, 5],
          [5, mib],
          [5 + mib, mib],
          [5 + 2 * mib, 7],
          [5 + 2 * mib + 7, 3],
        ],
      );
      assert.deepEqual(joined(io.writes), Buffer.from(slice(0, 2 * mib + 15)));
    }
  });

  it('stops at a range it cannot read, having sent only what came before', async () => {
    for (const readLater of [false, true]) {
      const io = scriptedIo({ readLater, unreadableAt: 30 });
      const outcome = await runPlan(planOf([10, 20, 30, 40]), FAST, io);
      assert.equal(outcome.kind, 'unreadable');
      assert.deepEqual(joined(io.writes), Buffer.from(slice(0, 30)));
    }
  });
});
