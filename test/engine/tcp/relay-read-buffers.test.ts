// A relay's two sockets read into slots of a shared pool (tcp/read-buffer-pool.ts) that come
// back once their bytes are on the other socket. Reuse is only safe if nothing keeps a
// view of a slot: what the client gets and what the capture holds must both be byte-exact after
// the slots have been reused many times, and every slot must come back however the connection
// ends.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import type { FaultInput } from '../../../shared/behaviours';
import { lentReadBuffers } from '../../../engine/tcp/read-buffer-pool';
import { startEngine, type Harness } from '../../support/engine-harness';
import {
  capturedHash,
  connectHalfOpen,
  MiB,
  receiveStream,
  sendStream,
  startServer,
  waitForStall,
} from '../../support/traffic';
import { within } from '../../support/within';

async function openRelay(h: Harness, upstreamPort: number, faults?: FaultInput): Promise<number> {
  const listener = await h.must('openListener', {
    host: '127.0.0.1',
    port: 0,
    behaviour: { kind: 'relay', host: '127.0.0.1', port: upstreamPort },
    ...(faults === undefined ? {} : { faults }),
  });
  assert.ok(listener.port !== null);
  return listener.port;
}

/**
 * Every slot back in the pool. There is no event for it (the write callbacks of a destroyed
 * socket come a turn or two later), so this looks every few milliseconds, for at most 10 s.
 */
async function allSlotsBack(): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (lentReadBuffers.busy > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(lentReadBuffers.busy, 0, "the relay's read slots came back");
}

/** Upstream sends `total` bytes to each client and ends; resolves with their sha256. */
async function startSource(total: number) {
  let sent: Promise<string> = new Promise(() => undefined);
  let bytesSent = 0;
  const upstream = await startServer((socket) => {
    sent = sendStream(socket, total, 11, { onProgress: (n) => (bytesSent = n) }).catch(
      (error: unknown) => `the upstream's send failed: ${String(error)}`,
    );
  });
  return { upstream, sent: () => sent, bytesSent: () => bytesSent };
}

/** An engine and an upstream source of `total` bytes, both closed when the test ends. */
async function engineAndSource(t: TestContext, total: number) {
  const h = startEngine();
  const source = await startSource(total);
  t.after(async () => {
    await h.close();
    await source.upstream.close();
  });
  return { h, source };
}

describe('relay: reused read buffers', () => {
  it('downloads byte-exact to the client and into the capture while slots are reused', async (t) => {
    const total = 24 * MiB;
    const { h, source } = await engineAndSource(t, total);
    const lentBefore = lentReadBuffers.lent;
    const client = await connectHalfOpen(await openRelay(h, source.upstream.port));
    const got = await within(receiveStream(client), 'the client to receive 24 MiB', 60_000);
    client.end();
    const sent = await source.sent();
    assert.equal(got.bytes, total);
    assert.equal(got.hash, sent, 'the client got what the upstream sent');

    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.out.captured, total, 'all of it captured (under the default limit)');
    assert.equal(await capturedHash(h, 1, 'out'), sent, 'the capture holds copies, not slots');
    const lent = lentReadBuffers.lent - lentBefore;
    t.diagnostic(`slots lent ${lent}, slots ever touched ${lentReadBuffers.touched}`);
    assert.ok(lent > lentReadBuffers.touched, 'slots were reused, not only used');
    await allSlotsBack();
  });

  it('uploads byte-exact through the accepted socket re-made to read into slots', async (t) => {
    const total = 24 * MiB;
    const h = startEngine();
    let upstreamGot: Promise<{ hash: string; bytes: number }> = new Promise(() => undefined);
    const upstream = await startServer((socket) => {
      upstreamGot = receiveStream(socket).then((got) => {
        socket.end();
        return got;
      });
    });
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const lentBefore = lentReadBuffers.lent;
    const client = await connectHalfOpen(await openRelay(h, upstream.port));
    const sent = await within(sendStream(client, total, 5), 'the client to send 24 MiB', 60_000);
    const got = await within(upstreamGot, 'the upstream to receive 24 MiB', 60_000);
    assert.equal(got.bytes, total);
    assert.equal(got.hash, sent, 'the upstream got what the client sent');
    // Only the client's socket read anything: slots lent prove it reads into them on this Node
    // (accepted-lent-reads.ts falls back to fresh buffers where Node does not allow it).
    const lent = lentReadBuffers.lent - lentBefore;
    t.diagnostic(`slots lent to the client's socket: ${lent}`);
    assert.ok(lent > lentReadBuffers.touched, 'the accepted socket read into reused slots');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.in.captured, total);
    assert.equal(await capturedHash(h, 1, 'in'), sent, 'the capture holds copies, not slots');
    await allSlotsBack();
  });

  it('keeps small reads from many connections apart while their writes wait', async (t) => {
    // Small reads all land in one buffer the sockets share and must be copied out at once. The
    // upstream does not read, so once its socket buffers are full (a few MiB on loopback) the
    // relay's writes wait in Node's queue while the other connections read into that buffer.
    const clients = 4;
    const h = startEngine();
    const upstreamGot: Promise<{ hash: string; bytes: number }>[] = [];
    const upstream = await startServer((socket) => {
      socket.pause();
      upstreamGot.push(receiveStream(socket));
    });
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openRelay(h, upstream.port);
    const sent = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const client = await connectHalfOpen(port);
        const hash = createHash('sha256');
        let bytes = 0;
        for (let m = 0; m < 8000; m++) {
          const message = randomBytes(1 + ((i * 61 + m * 97) % 1800));
          hash.update(message);
          bytes += message.byteLength;
          client.write(message);
          // About one message per read at the relay: the next waits a turn of the event loop.
          await new Promise((resolve) => setImmediate(resolve));
        }
        client.end();
        return { hash: hash.digest('hex'), bytes };
      }),
    );
    await within(
      (async () => {
        while (upstream.sockets.length < clients) await new Promise((r) => setTimeout(r, 5));
      })(),
      'every relayed connection at the upstream',
    );
    for (const socket of upstream.sockets) socket.resume();
    const got = await within(Promise.all(upstreamGot), 'the upstream to read everything', 30_000);
    const key = (x: { hash: string; bytes: number }): string => `${x.bytes}:${x.hash}`;
    assert.deepEqual(got.map(key).sort(), sent.map(key).sort(), 'each stream arrived exact');
  });

  it('gives every slot back when a client that stopped reading resets', async (t) => {
    const { h, source } = await engineAndSource(t, 64 * MiB);
    const client = await connectHalfOpen(await openRelay(h, source.upstream.port));
    client.pause();
    await waitForStall(source.bytesSent, 'the upstream, the client not reading');
    assert.ok(lentReadBuffers.busy > 0, 'bytes waiting for the client hold their slots');
    client.resetAndDestroy();
    await h.waitForConnection(1, (c) => c.state === 'closed');
    await allSlotsBack();
  });

  it('copies what a delay fault holds, so its slot is free at once and the bytes stay exact', async (t) => {
    const total = 8 * MiB;
    const { h, source } = await engineAndSource(t, total);
    const client = await connectHalfOpen(await openRelay(h, source.upstream.port, { delayMs: 20 }));
    const got = await within(receiveStream(client), 'the client to receive 8 MiB', 60_000);
    assert.equal(got.hash, await source.sent());
    client.end();
    await h.waitForConnection(1, (c) => c.state === 'closed');
    await allSlotsBack();
  });
});
