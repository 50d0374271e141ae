// Capture caps on real sockets: per-connection and total byte caps, truncation accounting
// (captured + dropped = received everywhere), live limit changes.

import { CHUNK_RECORD_BYTES, CONNECTION_OVERHEAD_BYTES } from '../../../engine/core/capture-totals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ConnectionInfo, EngineStats } from '../../../shared/model';
import { connectClient, once, startEngine, type Harness } from '../../support/engine-harness';
import { scriptedBehaviour } from '../../support/test-behaviours';
import { within } from '../../support/within';

function assertBalanced(c: ConnectionInfo): void {
  for (const d of [c.in, c.out]) assert.equal(d.captured + d.dropped, d.received);
  assert.equal(c.truncated, c.in.dropped + c.out.dropped > 0);
}

function assertStatsBalanced(s: EngineStats): void {
  assert.equal(s.bytesCaptured + s.bytesDropped, s.bytesReceived);
}

/** Send `payload`, finish, and return the closed connection's record. */
async function sendAll(h: Harness, port: number, payload: Buffer): Promise<ConnectionInfo> {
  const client = await connectClient(port);
  client.resume();
  client.end(payload);
  await within(once(client, 'close'), 'the close after the client FIN');
  const id = (await h.must('getStats', {})).connectionsTotal;
  return h.waitForConnection(id, (c) => c.state === 'closed' && c.in.received === payload.length);
}

async function readIn(h: Harness, id: number, offset: number, length: number): Promise<Buffer> {
  const page = await h.must('readPayload', { connectionId: id, direction: 'in', offset, length });
  return Buffer.from(page.data, 'base64');
}

describe('capture caps', () => {
  it('per-connection cap: keeps an exact prefix, counts the rest as dropped', async (t) => {
    const h = startEngine({ limits: { perConnectionBytes: 100_000 } });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const payload = randomBytes(1_000_000);
    const conn = await sendAll(h, port ?? 0, payload);
    assert.equal(conn.in.received, payload.length);
    assert.equal(conn.in.captured, 100_000);
    assert.equal(conn.in.dropped, 900_000);
    assert.equal(conn.truncated, true);
    assertBalanced(conn);
    assert.ok((await readIn(h, conn.id, 0, 100_000)).equals(payload.subarray(0, 100_000)));
    assert.ok((await readIn(h, conn.id, 99_990, 50)).equals(payload.subarray(99_990, 100_000)));
    const beyond = await h.call('readPayload', {
      connectionId: conn.id,
      direction: 'in',
      offset: 100_000,
      length: 10,
    });
    assert.equal(!beyond.ok && beyond.error.code, 'RANGE_NOT_CAPTURED');

    const chunks = await h.must('readChunks', { connectionId: conn.id, from: 0, count: 5000 });
    assert.equal(
      chunks.reduce((n, c) => n + c.captured, 0),
      100_000,
    );
    assert.equal(
      chunks.reduce((n, c) => n + c.length, 0),
      1_000_000,
    );
    const stats = await h.must('getStats', {});
    assertStatsBalanced(stats);
    assert.equal(stats.truncatedConnections, 1);
    await h.close();
  });

  it('the per-connection cap covers both directions together', async (t) => {
    const reply = Buffer.alloc(800, 0x61);
    const h = startEngine({
      limits: { perConnectionBytes: 1000 },
      behaviour: scriptedBehaviour({ onAttach: (c) => c.write(reply) }),
    });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const conn = await sendAll(h, port ?? 0, Buffer.alloc(500, 0x62));
    assert.equal(conn.out.captured, 800);
    assert.equal(conn.in.captured, 200);
    assert.equal(conn.in.dropped, 300);
    assertBalanced(conn);
    await h.close();
  });

  it('total cap is shared by all connections and freed by clearHistory', async (t) => {
    // The total budget also pays for bookkeeping: an estimate per connection and per chunk
    // record. Room for three connections' overhead, a few records each, and 25,000 bytes.
    const overhead = 3 * CONNECTION_OVERHEAD_BYTES + 30 * CHUNK_RECORD_BYTES;
    const totalBytes = 25_000 + overhead;
    const h = startEngine({ limits: { totalBytes } });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const conns: ConnectionInfo[] = [];
    for (let i = 0; i < 3; i++) conns.push(await sendAll(h, port ?? 0, randomBytes(10_000)));
    assert.deepEqual(
      conns.slice(0, 2).map((c) => c.in.captured),
      [10_000, 10_000],
    );
    const third = conns[2];
    assert.ok(third && third.in.captured >= 5_000 && third.in.captured < 10_000, 'third is cut');
    assert.deepEqual(
      conns.map((c) => c.truncated),
      [false, false, true],
    );
    conns.forEach(assertBalanced);
    let stats = await h.must('getStats', {});
    assert.equal(stats.bytesReceived, 30_000);
    assert.ok(stats.overheadBytes >= 3 * CONNECTION_OVERHEAD_BYTES + 3 * CHUNK_RECORD_BYTES);
    // Full, give or take the one record a read that exactly fills the room can add.
    const used = stats.bytesCaptured + stats.overheadBytes;
    assert.ok(Math.abs(used - totalBytes) <= CHUNK_RECORD_BYTES, `used ${used} of ${totalBytes}`);
    assertStatsBalanced(stats);

    // A fourth connection's bookkeeping would overdraw the budget: the longest-closed
    // connection is forgotten to make room, and the newcomer captures everything.
    const fourth = await sendAll(h, port ?? 0, randomBytes(4_000));
    assert.equal(fourth.in.captured, 4_000);
    stats = await h.must('getStats', {});
    assert.equal(stats.connectionsEvicted, 1);
    assert.equal((await h.call('getConnection', { id: 1 })).ok, false, '#1 was forgotten');
    assert.ok(stats.bytesCaptured + stats.overheadBytes <= totalBytes);
    assert.equal(stats.truncatedConnections, 1);
    assertStatsBalanced(stats);

    await h.must('clearHistory', {});
    stats = await h.must('getStats', {});
    assert.equal(stats.bytesCaptured, 0);
    assert.equal(stats.bytesReceived, 0);
    assert.equal(stats.overheadBytes, 0, 'cleared connections give their bookkeeping back');
    assert.equal(stats.truncatedConnections, 0);
    const fresh = await sendAll(h, port ?? 0, randomBytes(10_000));
    assert.equal(fresh.in.captured, 10_000, 'budget came back');
    await h.close();
  });

  it('a long history of small connections never starves new ones of capture', async (t) => {
    const totalBytes = 20 * CONNECTION_OVERHEAD_BYTES;
    const h = startEngine({ limits: { totalBytes } });
    t.after(() => h.close());
    const { port } = await h.open(0);
    for (let i = 0; i < 40; i++) {
      const conn = await sendAll(h, port ?? 0, randomBytes(10));
      assert.equal(conn.in.captured, 10, `connection ${i + 1} kept its bytes`);
    }
    const stats = await h.must('getStats', {});
    assert.ok(stats.connectionsEvicted >= 20, `evicted ${stats.connectionsEvicted}`);
    assert.ok(stats.bytesCaptured + stats.overheadBytes <= totalBytes);
    assertStatsBalanced(stats);
  });

  it('setLimits applies live; a truncated stream stays a prefix', async (t) => {
    let chunkArrived: () => void = () => undefined;
    const h = startEngine({
      limits: { perConnectionBytes: 10 },
      behaviour: scriptedBehaviour({ onData: () => chunkArrived() }),
    });
    t.after(() => h.close());
    const { port } = await h.open(0);
    const client = await connectClient(port ?? 0);
    client.resume();
    const sendAndWait = (data: string): Promise<void> =>
      new Promise((resolve) => {
        chunkArrived = resolve;
        client.write(data);
      });
    await sendAndWait('0123456789abcdef');
    const limits = await h.must('setLimits', { perConnectionBytes: 1_000_000 });
    assert.equal(limits.perConnectionBytes, 1_000_000);
    assert.equal(limits.totalBytes, (await h.must('getStats', {})).limits.totalBytes);
    const batch = await h.waitForBatch((b) => b.stats.limits.perConnectionBytes === 1_000_000);
    assertStatsBalanced(batch.stats);
    await sendAndWait('more');
    const conn = await h.waitForConnection(1, (c) => c.in.received === 20);
    assert.equal(conn.in.captured, 10, 'no gap: bytes after a drop are dropped too');
    assert.equal(conn.in.dropped, 10);
    client.end();
    // A new connection uses the raised cap.
    const next = await sendAll(h, port ?? 0, Buffer.alloc(5000));
    assert.equal(next.in.captured, 5000);
    const invalid = await h.call('setLimits', { totalBytes: 0 });
    assert.equal(!invalid.ok && invalid.error.code, 'INVALID_ARGUMENT');
    await h.close();
  });
});
