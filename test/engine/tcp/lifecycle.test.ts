// How connections end, and why: half-close, reset, user close, port close, behaviour failure.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  collect,
  connectClient,
  connectError,
  once,
  startEngine,
  type Harness,
} from '../../support/engine-harness';
import { scriptedBehaviour } from '../../support/test-behaviours';
import { within } from '../../support/within';

async function acceptedId(h: Harness, total: number): Promise<number> {
  await h.waitForStats((s) => s.connectionsTotal >= total, `${total} accepted connection(s)`);
  return total;
}

describe('connection lifecycle', () => {
  it('capture: client FIN → we end our side → closed with client-closed', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.resume();
    client.end('bye');
    // The server's FIN reaches the client: capture does not leave the client hanging.
    await within(once(client, 'end'), "the server's FIN");
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'client-closed');
    assert.equal(conn.error, null);
    assert.equal(conn.in.received, 3);
    assert.ok(conn.closedAt !== null && conn.closedAt >= conn.openedAt);
    await h.close();
  });

  it('a behaviour that keeps its side open shows half-closed, then client-closed', async (t) => {
    const behaviour = scriptedBehaviour({ keepHalfOpen: true });
    const h = startEngine({ behaviour });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    const received = collect(client);
    client.end('request');
    const half = await h.waitForConnection(1, (c) => c.state === 'half-closed');
    assert.equal(half.endReason, null);
    await h.waitForBatch(
      (b) => b.connections.some((c) => c.id === 1 && c.state === 'half-closed'),
      'a batch showing half-closed',
    );
    // Half-closed still lets us answer; then we finish.
    const conn = behaviour.connections[0];
    assert.ok(conn);
    assert.equal(conn.write('response'), true);
    conn.end();
    assert.equal((await within(received, 'the response and the close')).toString(), 'response');
    const closed = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(closed.endReason, 'client-closed');
    assert.equal(closed.out.received, 8);
    await h.close();
  });

  it('client reset → client-reset', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.write('partial');
    const id = await acceptedId(h, 1);
    await h.waitForConnection(id, (c) => c.in.received === 7);
    client.resetAndDestroy();
    const conn = await h.waitForConnection(id, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'client-reset');
    assert.equal(conn.error, null);
    await h.close();
  });

  it('closeConnection → closed-by-user, client sees an orderly end', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.resume();
    const ended = once(client, 'end');
    const id = await acceptedId(h, 1);
    const closed = await h.must('closeConnection', { id });
    assert.equal(closed.state, 'closed', 'answers once the connection is really closed');
    assert.equal(closed.endReason, 'closed-by-user');
    await within(ended, 'the client to see the end');
    const again = await h.call('closeConnection', { id });
    assert.equal(!again.ok && again.error.code, 'CONNECTION_CLOSED');
    const missing = await h.call('closeConnection', { id: 4242 });
    assert.equal(!missing.ok && missing.error.code, 'CONNECTION_NOT_FOUND');
    await h.close();
  });

  it('closeConnection flushes what a behaviour queued before closing', async (t) => {
    const big = Buffer.alloc(2 * 1024 * 1024, 7);
    const h = startEngine({ behaviour: scriptedBehaviour({ onAttach: (c) => c.write(big) }) });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    const received = collect(client);
    const id = await acceptedId(h, 1);
    const closed = await h.must('closeConnection', { id });
    assert.equal(closed.endReason, 'closed-by-user');
    assert.equal((await within(received, 'the queued 2 MiB, then the close')).length, big.length);
    await h.close();
  });

  it('closeConnection cuts a client that does not read after a short grace', async (t) => {
    const flood = Buffer.alloc(32 * 1024 * 1024, 1);
    const h = startEngine({ behaviour: scriptedBehaviour({ onAttach: (c) => c.write(flood) }) });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.pause(); // never reads: the flood stays queued on our side
    const id = await acceptedId(h, 1);
    // Without the grace period the close would wait for 32 MiB nobody reads: forever.
    const closed = await within(
      h.must('closeConnection', { id }),
      'closeConnection to cut a client that does not read',
    );
    assert.equal(closed.state, 'closed');
    assert.equal(closed.endReason, 'closed-by-user');
    client.destroy();
  });

  it('closeListener → open connections end with port-closed, history stays, port refuses', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const listener = await h.open(0);
    const port = listener.port ?? 0;
    const clients = await Promise.all([connectClient(port), connectClient(port)]);
    for (const c of clients) c.resume();
    clients[0]?.end();
    await acceptedId(h, 2);
    await h.waitForStats((s) => s.connectionsOpen === 1, 'first connection closed by its client');
    const closed = await h.must('closeListener', { id: listener.id });
    assert.equal(closed.state, 'closed');
    assert.equal(closed.connectionsOpen, 0);
    assert.equal(closed.connectionsTotal, 2);
    const reasons = await Promise.all([1, 2].map((id) => h.must('getConnection', { id })));
    assert.deepEqual(
      reasons.map((c) => c.endReason),
      ['client-closed', 'port-closed'],
    );
    assert.equal(await connectError(port), 'ECONNREFUSED');
    const stats = await h.must('getStats', {});
    assert.equal(stats.connectionsOpen, 0);
    assert.equal(stats.listenersOpen, 0);
    await h.close();
  });

  it('a behaviour that throws ends its connection with error; the engine carries on', async (t) => {
    const h = startEngine({
      behaviour: scriptedBehaviour({
        onData: () => {
          throw new Error('boom');
        },
      }),
    });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.write('x');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'error');
    assert.equal(conn.error?.code, 'INTERNAL');
    assert.match(conn.error?.message ?? '', /boom/);
    assert.equal(conn.in.received, 1, 'the byte was recorded before the behaviour ran');
    const next = await connectClient(port ?? 0);
    next.write('y');
    await h.waitForConnection(2, (c) => c.state === 'closed');
    await h.close();
  });

  it('engine.close() ends everything with port-closed and sends a last batch', async (t) => {
    // A long frame, so the last changes are still pending when close() runs.
    let arrived: () => void = () => undefined;
    const hello = new Promise<void>((resolve) => (arrived = resolve));
    const behaviour = scriptedBehaviour({ onData: () => arrived() });
    const h = startEngine({ batchIntervalMs: 10_000, behaviour });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.resume();
    client.write('hello');
    await within(hello, 'the behaviour to see the bytes');
    const seen = h.batches.length;
    await h.close();
    assert.ok(h.batches.length > seen, 'close() flushed the pending frame');
    const last = h.batches[h.batches.length - 1];
    const conn = last?.connections.find((c) => c.id === 1);
    assert.equal(conn?.state, 'closed');
    assert.equal(conn?.endReason, 'port-closed');
    assert.equal(last?.stats.connectionsOpen, 0);
    const late = await h.call('openListener', { host: '127.0.0.1', port: 0 });
    assert.equal(
      !late.ok && late.error.code,
      'TRANSPORT_CLOSED',
      'no listener outlives the engine',
    );
  });
});
