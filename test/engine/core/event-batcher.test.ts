// The event batcher: one batch per frame, merged per id, seq numbers, silence when idle; and
// the same on real sockets (many reads in one frame → one snapshot per connection).

import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { EventBatcher, type Snapshots } from '../../../engine/core/event-batcher';
import type { ConnectionInfo, EventBatch } from '../../../shared/model';
import { conn, stats } from '../../fixtures/snapshots';
import { connectClient, startEngine } from '../../support/engine-harness';
import { scriptedBehaviour } from '../../support/test-behaviours';

const engineStats = stats();

/** A fake connection whose snapshot reports how often it was taken. */
function fakeConnection(id: number): Snapshots<number, ConnectionInfo> & { taken: number } {
  const fake = {
    id,
    taken: 0,
    snapshot: () => {
      fake.taken++;
      return conn(id, { chunkCount: fake.taken });
    },
  };
  return fake;
}

describe('event batcher (mocked clock)', () => {
  it('merges a frame of changes into one batch, snapshots built at flush', (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const batcher = new EventBatcher(33, () => engineStats);
    const batches: EventBatch[] = [];
    batcher.subscribe((b) => batches.push(b));
    const a = fakeConnection(1);
    const b = fakeConnection(2);
    for (let i = 0; i < 10_000; i++) batcher.connectionChanged(i % 2 === 0 ? a : b);
    assert.equal(a.taken, 0, 'nothing is built on the hot path');
    mock.timers.tick(32);
    assert.equal(batches.length, 0, 'not before the frame ends');
    mock.timers.tick(1);
    assert.equal(batches.length, 1);
    assert.deepEqual(
      batches[0]?.connections.map((c) => c.id),
      [1, 2],
    );
    assert.equal(a.taken, 1);
    assert.equal(batches[0]?.seq, 1);
    assert.deepEqual(batches[0]?.stats, engineStats);

    mock.timers.tick(10_000);
    assert.equal(batches.length, 1, 'no batch while idle');

    batcher.connectionChanged(a);
    batcher.connectionRemoved(2);
    mock.timers.tick(33);
    assert.equal(batches.length, 2);
    assert.equal(batches[1]?.seq, 2, 'seq increases');
    assert.deepEqual(batches[1]?.removedConnections, [2]);
  });

  it('drops pending snapshots of removed connections, and close() flushes', (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const batcher = new EventBatcher(33, () => engineStats);
    const batches: EventBatch[] = [];
    batcher.subscribe((b) => batches.push(b));
    const gone = fakeConnection(7);
    batcher.connectionChanged(gone);
    batcher.connectionRemoved(7);
    batcher.historyCleared([8]);
    batcher.close();
    assert.equal(batches.length, 1, 'close() flushed without waiting for the frame');
    assert.equal(gone.taken, 0, 'no snapshot of a removed connection');
    assert.equal(batches[0]?.connections.length, 0);
    assert.equal(batches[0]?.cleared, true);
    batcher.touch();
    mock.timers.tick(1000);
    assert.equal(batches.length, 1, 'nothing after close');
  });

  it('a throwing subscriber does not starve the others', (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const errors: unknown[] = [];
    const batcher = new EventBatcher(
      33,
      () => engineStats,
      (e) => errors.push(e),
    );
    let got = 0;
    batcher.subscribe(() => {
      throw new Error('dead window');
    });
    const unsubscribe = batcher.subscribe(() => got++);
    batcher.touch();
    mock.timers.tick(33);
    assert.equal(got, 1);
    assert.equal(errors.length, 1);
    unsubscribe();
    batcher.touch();
    mock.timers.tick(33);
    assert.equal(got, 1, 'unsubscribed');
  });
});

describe('event batcher (real sockets)', () => {
  it('many reads within one frame → one batch with one snapshot per connection', async (t) => {
    const READS = 20;
    // Each write waits until the engine has read it, so the reads really are separate.
    let arrived: () => void = () => undefined;
    const behaviour = scriptedBehaviour({ onData: () => arrived() });
    // The frame timer runs on an injected clock: the frame ends when the test says, after all
    // 40 round trips, however long they take on a busy machine.
    const FRAME_MS = 33;
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const h = startEngine({ batchIntervalMs: FRAME_MS, behaviour });
    t.after(() => h.close());
    const { port } = await h.open(0);
    t.mock.timers.tick(FRAME_MS);
    await h.waitForBatch((b) => b.listeners.some((l) => l.state === 'open'));
    const clients = await Promise.all([connectClient(port ?? 0), connectClient(port ?? 0)]);
    const start = h.batches.length;
    for (let i = 0; i < READS; i++) {
      for (const client of clients) {
        await new Promise<void>((resolve) => {
          arrived = resolve;
          client.write(`read ${i};`);
        });
      }
    }
    assert.equal(h.batches.length, start, 'nothing sent while the frame is open');
    t.mock.timers.tick(FRAME_MS);
    const batch = await h.waitForBatch(
      (b) => b.seq > start && b.connections.length > 0,
      'the frame with the reads',
    );
    assert.equal(h.batches.length, start + 1, 'one batch for the whole burst');
    assert.deepEqual(
      batch.connections.map((c) => c.id),
      [1, 2],
    );
    for (const conn of batch.connections) {
      assert.equal(conn.in.chunks, READS, 'every read recorded');
      assert.equal(conn.chunkCount, READS);
    }
    assert.equal(batch.listeners.length, 1, 'listener merged too');
    assert.equal(batch.listeners[0]?.connectionsTotal, 2);
    assert.equal(batch.stats.connectionsTotal, 2);
    assert.ok(h.batches.every((b, i) => i === 0 || b.seq === (h.batches[i - 1]?.seq ?? 0) + 1));
    for (const client of clients) client.destroy();
  });
});
