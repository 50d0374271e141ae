// Connection history: maxConnections eviction, clearHistory, id-ordered paging.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectClient, once, startEngine, type Harness } from '../../support/engine-harness';
import { scriptedBehaviour } from '../../support/test-behaviours';
import { within } from '../../support/within';

async function closedConnection(h: Harness, port: number, payload: string): Promise<number> {
  const client = await connectClient(port);
  client.resume();
  client.end(payload);
  await within(once(client, 'close'), 'the close after the client FIN');
  const id = (await h.must('getStats', {})).connectionsTotal;
  await h.waitForConnection(id, (c) => c.state === 'closed');
  return id;
}

describe('connection history', () => {
  it('evicts the oldest closed connections beyond maxConnections', async (t) => {
    const h = startEngine({ limits: { maxConnections: 3 } });
    t.after(() => h.close());
    const { port } = await h.open(0);
    // One long-lived connection that must never be evicted, whatever its age.
    const keeper = await connectClient(port ?? 0);
    keeper.resume();
    keeper.write('keep');
    await h.waitForConnection(1, (c) => c.in.received === 4);
    for (let i = 0; i < 5; i++) {
      const client = await connectClient(port ?? 0);
      client.resume();
      client.end('x'.repeat(10));
      await within(once(client, 'close'), 'the close after the client FIN');
      await h.waitForConnection(i + 2, (c) => c.state === 'closed');
    }
    const stats = await h.waitForStats((s) => s.connectionsEvicted === 2);
    assert.equal(stats.connectionsTotal, 6);
    assert.equal(stats.bytesReceived, 4 + 3 * 10, 'evicted bytes leave the totals');
    const { connections } = await h.must('listConnections', {});
    assert.deepEqual(
      connections.map((c) => c.id),
      [1, 4, 5, 6],
    );
    await h.waitForBatch((b) => b.removedConnections.includes(3), 'eviction reported');
    const removed = h.batches.flatMap((b) => b.removedConnections);
    assert.deepEqual(removed, [2, 3]);
    const gone = await h.call('getConnection', { id: 2 });
    assert.equal(!gone.ok && gone.error.code, 'CONNECTION_NOT_FOUND');
    const noBytes = await h.call('readPayload', {
      connectionId: 2,
      direction: 'in',
      offset: 0,
      length: 1,
    });
    assert.equal(!noBytes.ok && noBytes.error.code, 'CONNECTION_NOT_FOUND');

    // Lowering the limit evicts at once.
    await h.must('setLimits', { maxConnections: 1 });
    const after = await h.must('getStats', {});
    assert.equal(after.connectionsEvicted, 4);
    assert.deepEqual(
      (await h.must('listConnections', {})).connections.map((c) => c.id),
      [1, 6],
    );
    keeper.destroy();
    await h.close();
  });

  it('clearHistory forgets closed connections and keeps open ones', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const { port } = await h.open(0);
    const open = await connectClient(port ?? 0);
    open.write('still here');
    await h.waitForConnection(1, (c) => c.in.received === 10);
    assert.equal(await closedConnection(h, port ?? 0, 'first'), 2);
    await h.must('clearHistory', {});
    const batch = await h.waitForBatch((b) => b.cleared, 'a cleared batch');
    assert.ok(!batch.connections.some((c) => c.id === 2), 'no snapshot of a removed connection');
    const { connections } = await h.must('listConnections', {});
    assert.deepEqual(
      connections.map((c) => c.id),
      [1],
    );
    assert.equal(batch.stats.bytesReceived, 10);
    assert.equal(batch.stats.connectionsEvicted, 0, 'clearing is not eviction');
    open.destroy();
    await h.close();
  });

  it('a connection that closes and is cleared in the same frame is listed as removed', async (t) => {
    // A long frame: the close and the clear both happen before the first flush.
    let closed: () => void = () => undefined;
    const serverClosed = new Promise<void>((resolve) => (closed = resolve));
    const behaviour = scriptedBehaviour({ onClose: () => closed() });
    const h = startEngine({ batchIntervalMs: 10_000, behaviour });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.resume();
    client.end('short');
    await within(serverClosed, 'the behaviour to see the close');
    await h.must('clearHistory', {});
    await h.close();
    const last = h.batches[h.batches.length - 1];
    assert.equal(last?.cleared, true);
    assert.deepEqual(last?.removedConnections, [1]);
    assert.equal(last?.connections.length, 0);
  });

  it('pages connections in id order', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const { port } = await h.open(0);
    for (let i = 0; i < 7; i++) await closedConnection(h, port ?? 0, `c${i}`);
    const first = await h.must('listConnections', { limit: 3 });
    assert.deepEqual(
      first.connections.map((c) => c.id),
      [1, 2, 3],
    );
    assert.equal(first.nextAfterId, 3);
    const second = await h.must('listConnections', { afterId: 3, limit: 3 });
    assert.deepEqual(
      second.connections.map((c) => c.id),
      [4, 5, 6],
    );
    const last = await h.must('listConnections', { afterId: 6, limit: 3 });
    assert.deepEqual(
      last.connections.map((c) => c.id),
      [7],
    );
    assert.equal(last.nextAfterId, null);
    await h.close();
  });

  it('pages the newest first, then the rest below a bound, skipping removed ones', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const { port } = await h.open(0);
    for (let i = 0; i < 7; i++) await closedConnection(h, port ?? 0, `c${i}`);
    const ids = (page: { connections: readonly { id: number }[] }) =>
      page.connections.map((c) => c.id);
    const newest = await h.must('listConnections', { newest: true, limit: 3 });
    assert.deepEqual(ids(newest), [5, 6, 7]);
    assert.equal(newest.nextAfterId, null);
    const older = await h.must('listConnections', { beforeId: 5, limit: 3 });
    assert.deepEqual(ids(older), [1, 2, 3]);
    assert.equal(older.nextAfterId, 3);
    const rest = await h.must('listConnections', { afterId: 3, beforeId: 5, limit: 3 });
    assert.deepEqual(ids(rest), [4]);
    assert.equal(rest.nextAfterId, null);
    assert.deepEqual(ids(await h.must('listConnections', { newest: true, beforeId: 3 })), [1, 2]);
    // Connections that left history are neither listed nor counted against the page.
    await h.must('clearHistory', {});
    for (let i = 0; i < 2; i++) await closedConnection(h, port ?? 0, `d${i}`);
    assert.deepEqual(ids(await h.must('listConnections', { newest: true, limit: 5 })), [8, 9]);
    assert.deepEqual(ids(await h.must('listConnections', { newest: true, beforeId: 8 })), []);
    await h.close();
  });
});
