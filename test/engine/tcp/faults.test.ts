// Faults on real loopback sockets: delay, throttle, split and reset-after-N, on echo, fixed
// reply, talk-back and relay ports; plus the shaper's choice of path.

import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { NO_FAULTS, type BehaviourInput, type FaultInput } from '../../../shared/behaviours';
import { createOutbound } from '../../../engine/tcp/faults/create-outbound';
import { DirectOutbound } from '../../../engine/tcp/faults/direct-outbound';
import { UNRECORDED } from '../../../engine/tcp/faults/outbound';
import { ShapedOutbound } from '../../../engine/tcp/faults/shaped-outbound';
import { collect, connectClient, startEngine, type Harness } from '../../support/engine-harness';
import {
  collectUntilEnd,
  connectHalfOpen,
  socketOutcome,
  startServer,
} from '../../support/traffic';

async function openPort(
  h: Harness,
  behaviour: BehaviourInput,
  faults: FaultInput,
): Promise<number> {
  const listener = await h.must('openListener', { host: '127.0.0.1', port: 0, behaviour, faults });
  assert.ok(listener.port !== null);
  return listener.port;
}

function nextData(socket: Socket): Promise<{ data: Buffer; at: number }> {
  return new Promise((resolve) =>
    socket.once('data', (data: Buffer) => resolve({ data, at: performance.now() })),
  );
}

/** Counts the data events a socket gets until it closes, and their bytes. */
function countReads(socket: Socket): Promise<{ reads: number; bytes: Buffer }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    socket.on('data', (data: Buffer) => parts.push(data));
    socket.once('close', () => resolve({ reads: parts.length, bytes: Buffer.concat(parts) }));
  });
}

const text = (value: string) => ({ format: 'text' as const, value });

describe('delay', () => {
  it('each echo waits delayMs from when it was queued', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'echo' }, { delayMs: 150 });
    const client = await connectClient(port);
    const sentAt = performance.now();
    const echoed = nextData(client);
    client.write('ping');
    const { data, at } = await echoed;
    assert.equal(data.toString(), 'ping');
    assert.ok(at - sentAt >= 150, `echo after ${(at - sentAt).toFixed(1)} ms`);
    assert.ok(at - sentAt < 1000, `but not much later (${(at - sentAt).toFixed(1)} ms)`);
    client.destroy();
    // Recorded when really sent, not when queued.
    const chunks = await h.must('readChunks', { connectionId: 1, from: 0, count: 10 });
    const inAt = chunks.find((c) => c.direction === 'in')?.at ?? 0;
    const outAt = chunks.find((c) => c.direction === 'out')?.at ?? 0;
    assert.ok(outAt - inAt >= 149, `recorded ${(outAt - inAt).toFixed(1)} ms apart`);
  });

  it('talk-back sends keep their order, each delayed', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'capture' }, { delayMs: 100 });
    const client = await connectClient(port);
    await h.waitForStats((s) => s.connectionsTotal === 1, 'the accepted connection');
    const started = performance.now();
    const all = collect(client);
    const first = nextData(client);
    for (const word of ['one,', 'two,', 'three']) {
      await h.must('sendData', { connectionId: 1, data: text(word) });
    }
    const { at } = await first;
    assert.ok(at - started >= 100, `first bytes after ${(at - started).toFixed(1)} ms`);
    await h.waitForConnection(1, (c) => c.out.received === 13);
    client.end();
    assert.equal((await all).toString(), 'one,two,three');
  });

  it('close after reply waits for the delayed reply, then closes', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(
      h,
      { kind: 'reply', onConnect: text('late hello'), closeAfterReply: true },
      { delayMs: 120 },
    );
    const started = performance.now();
    const client = await connectClient(port);
    const got = await collect(client);
    assert.equal(got.toString(), 'late hello');
    assert.ok(performance.now() - started >= 120);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'closed-by-behaviour');
  });

  it('a user close does not wait out a long delay (cut after the grace period)', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(
      h,
      { kind: 'reply', onConnect: text('never') },
      { delayMs: 60_000 },
    );
    const client = await connectClient(port);
    const got = collect(client);
    await h.waitForStats((s) => s.connectionsTotal === 1, 'the accepted connection');
    const started = performance.now();
    const closed = await h.must('closeConnection', { id: 1 });
    assert.equal(closed.endReason, 'closed-by-user');
    assert.ok(performance.now() - started < 3000);
    assert.equal((await got).length, 0, 'the delayed reply was dropped, not sent late');
    assert.equal(closed.out.received, 0, 'and not recorded as sent');
  });
});

describe('throttle', () => {
  it('64 KiB at 32 KiB/s takes about two seconds, in many small writes', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const payload = 'x'.repeat(64 * 1024);
    const port = await openPort(
      h,
      { kind: 'reply', onConnect: text(payload), closeAfterReply: true },
      { bytesPerSecond: 32 * 1024 },
    );
    const started = performance.now();
    const client = await connectClient(port);
    const got = await collect(client);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(got.length, 64 * 1024);
    assert.ok(seconds >= 1.8, `took ${seconds.toFixed(2)} s`);
    assert.ok(seconds < 4, `took ${seconds.toFixed(2)} s`);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.ok(conn.out.chunks >= 20, `${conn.out.chunks} writes`);
  });
});

describe('split', () => {
  it('10,000 bytes split by 1,000 go out as 10 separate writes', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const payload = Buffer.alloc(10_000);
    for (let i = 0; i < payload.length; i++) payload[i] = 97 + (i % 26);
    const port = await openPort(
      h,
      { kind: 'reply', onConnect: text(payload.toString()), closeAfterReply: true },
      { splitBytes: 1000 },
    );
    const client = await connectClient(port);
    const { reads, bytes } = await countReads(client);
    assert.deepEqual(bytes, payload);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.out.chunks, 10, 'recorded as 10 writes');
    const chunks = await h.must('readChunks', { connectionId: 1, from: 0, count: 20 });
    assert.deepEqual(
      chunks.map((c) => c.length),
      Array.from({ length: 10 }, () => 1000),
    );
    // A reader on the same machine gets them one by one (they may only merge if it lags).
    assert.ok(reads >= 5, `client saw ${reads} reads`);
    t.diagnostic(`client saw ${reads} reads for 10 pieces`);
  });

  it('echo: ceil(length / split) pieces, bytes intact', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'echo' }, { splitBytes: 7 });
    const client = await connectClient(port);
    const message = Buffer.from('0123456789'.repeat(10));
    const back = countReads(client);
    client.end(message);
    assert.deepEqual((await back).bytes, message);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.out.chunks, Math.ceil(100 / 7));
  });
});

describe('reset after N bytes', () => {
  it('echo: in and out together stop at exactly N, the client sees ECONNRESET', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'echo' }, { resetAfterBytes: 1000 });
    const client = await connectClient(port);
    const outcome = socketOutcome(client);
    const back = countReads(client);
    client.write(Buffer.alloc(600, 1));
    assert.equal(await outcome, 'ECONNRESET');
    assert.equal((await back).bytes.length, 400, 'the echo was cut exactly at the line');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'fault-reset');
    assert.equal(conn.in.received, 600);
    assert.equal(conn.out.received, 400);
  });

  it('capture: received bytes count too; nothing past the line is recorded', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'capture' }, { resetAfterBytes: 100 });
    const client = await connectClient(port);
    const outcome = socketOutcome(client);
    client.resume();
    client.write(Buffer.alloc(150, 2));
    assert.equal(await outcome, 'ECONNRESET');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'fault-reset');
    assert.equal(conn.in.received, 100);
    assert.equal(conn.out.received, 0);
  });
});

describe('faults on a relay', () => {
  it('split applies both ways; the reset line counts the client connection', async (t) => {
    const h = startEngine();
    const upstream = await startServer((socket) => {
      void collectUntilEnd(socket).then((request) => socket.end(request));
    });
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openPort(
      h,
      { kind: 'relay', host: '127.0.0.1', port: upstream.port },
      { splitBytes: 100 },
    );
    const client = await connectHalfOpen(port);
    const back = countReads(client);
    client.end(Buffer.alloc(1000, 3));
    const upstreamSocket = await upstream.accepted(1);
    const upstreamReads = countReads(upstreamSocket);
    assert.equal((await back).bytes.length, 1000);
    const atUpstream = await upstreamReads;
    assert.equal(atUpstream.bytes.length, 1000);
    assert.ok(atUpstream.reads >= 5, `upstream saw ${atUpstream.reads} reads`);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.out.chunks, 10);
  });

  it('reset after N: client→upstream and upstream→client bytes share the line', async (t) => {
    const h = startEngine();
    const upstream = await startServer((socket) => {
      socket.on('data', (data: Buffer) => socket.write(data));
    });
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openPort(
      h,
      { kind: 'relay', host: '127.0.0.1', port: upstream.port },
      { resetAfterBytes: 500 },
    );
    const client = await connectHalfOpen(port);
    const outcome = socketOutcome(client);
    const back = countReads(client);
    client.write(Buffer.alloc(300, 4));
    assert.equal(await outcome, 'ECONNRESET');
    assert.equal((await back).bytes.length, 200);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'fault-reset');
    assert.equal(conn.in.received + conn.out.received, 500);
  });
});

describe('outbound path', () => {
  it('no faults: a direct socket write; any fault: the shaped queue', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const socket = await connectClient(server.port);
    t.after(() => socket.destroy());
    const make = (faults: FaultInput) =>
      createOutbound({
        socket,
        faults: { ...NO_FAULTS, ...faults },
        sink: UNRECORDED,
        budget: null,
      });
    assert.ok(make({}) instanceof DirectOutbound);
    assert.ok(make({ delayMs: 1 }) instanceof ShapedOutbound);
    assert.ok(make({ bytesPerSecond: 10 }) instanceof ShapedOutbound);
    assert.ok(make({ splitBytes: 10 }) instanceof ShapedOutbound);
  });
});
