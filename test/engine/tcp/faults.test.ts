// Faults on real loopback sockets: delay, throttle, split and reset-after-N, on echo, fixed
// reply, talk-back and relay ports; plus the shaper's choice of path. How late and how fast is
// checked on an injected clock (exact, whatever the machine's load); real sockets check that the
// fault happens at all, with lower bounds only.

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
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
import { within } from '../../support/within';

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

/**
 * The shaped outbound path on a real socket, with performance.now() and setTimeout on an injected
 * clock that moves only when `advance` says: what is handed to the socket, and at which
 * millisecond, is then exact however busy the machine is.
 */
async function shapedOnInjectedClock(t: TestContext, faults: FaultInput) {
  const server = await startServer((socket) => socket.resume());
  t.after(() => server.close());
  const socket = await connectClient(server.port);
  t.after(() => socket.destroy());
  let now = 0;
  t.mock.method(performance, 'now', () => now);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: { at: number; bytes: number }[] = [];
  const outbound = new ShapedOutbound({
    socket,
    faults: { ...NO_FAULTS, ...faults },
    sink: { sent: (bytes) => sent.push({ at: now, bytes: bytes.byteLength }) },
    budget: null,
  });
  const advance = (ms: number): void => {
    for (let step = 0; step < ms; step++) {
      now += 1;
      t.mock.timers.tick(1);
    }
  };
  return { outbound, sent, advance };
}

describe('delay', () => {
  it('each echo waits delayMs from when it was queued', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'echo' }, { delayMs: 150 });
    const client = await connectClient(port);
    const sentAt = performance.now();
    const echoed = nextData(client);
    client.write('ping');
    const { data, at } = await within(echoed, 'the delayed echo');
    assert.equal(data.toString(), 'ping');
    // Not sooner; how much later is checked exactly on the injected clock below.
    assert.ok(at - sentAt >= 150, `echo after ${(at - sentAt).toFixed(1)} ms`);
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
    const { at } = await within(first, 'the first delayed send');
    assert.ok(at - started >= 100, `first bytes after ${(at - started).toFixed(1)} ms`);
    await h.waitForConnection(1, (c) => c.out.received === 13);
    client.end();
    assert.equal((await within(all, 'the sends and the close')).toString(), 'one,two,three');
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
    const got = await within(collect(client), 'the delayed reply, then the close');
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
    // A close that waited out the delay would take a minute: a bounded wait names it.
    const closed = await within(
      h.must('closeConnection', { id: 1 }),
      'closeConnection, which must not wait out the 60 s delay',
    );
    assert.equal(closed.endReason, 'closed-by-user');
    const reply = await within(got, 'the client to see the close');
    assert.equal(reply.length, 0, 'the delayed reply was dropped, not sent late');
    assert.equal(closed.out.received, 0, 'and not recorded as sent');
  });

  it('on an injected clock: each write goes out exactly delayMs after it was queued', async (t) => {
    const { outbound, sent, advance } = await shapedOnInjectedClock(t, { delayMs: 150 });
    outbound.write(Buffer.from('a'));
    advance(100);
    outbound.write(Buffer.from('bc'));
    advance(49);
    assert.deepEqual(sent, [], 'nothing 1 ms before the first is due');
    advance(1);
    assert.deepEqual(sent, [{ at: 150, bytes: 1 }]);
    advance(200);
    // Each from its own queueing time, not one delay after the other.
    assert.deepEqual(sent, [
      { at: 150, bytes: 1 },
      { at: 250, bytes: 2 },
    ]);
  });
});

describe('throttle', () => {
  it('64 KiB at 32 KiB/s on a real socket: no sooner than the rate allows, in many small writes', async (t) => {
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
    const got = await within(collect(client), 'the throttled reply and the close', 30_000);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(got.length, 64 * 1024);
    // A lower bound only: a busy machine can only make it slower. The rate itself is checked
    // exactly on the injected clock below.
    assert.ok(seconds >= 1.8, `took ${seconds.toFixed(2)} s`);
    t.diagnostic(`64 KiB in ${seconds.toFixed(2)} s on this machine`);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.ok(conn.out.chunks >= 20, `${conn.out.chunks} writes`);
  });

  it('on an injected clock: 64 KiB at 32 KiB/s keeps to the rate and ends in about two seconds', async (t) => {
    const rate = 32 * 1024;
    const total = 64 * 1024;
    const { outbound, sent, advance } = await shapedOnInjectedClock(t, { bytesPerSecond: rate });
    outbound.write(Buffer.alloc(total, 0x78));
    const burst = (rate * 50) / 1000; // the bucket holds 50 ms worth
    let done = 0;
    for (let ms = 0; ms <= 3000 && done < total; ms += 1) {
      advance(1);
      done = sent.reduce((sum, s) => sum + s.bytes, 0);
    }
    assert.equal(done, total, 'everything went out');
    let sum = 0;
    for (const { at, bytes } of sent) {
      sum += bytes;
      assert.ok(bytes <= burst, `a ${bytes}-byte write at ${at} ms is more than 50 ms worth`);
      assert.ok(sum <= burst + (rate * at) / 1000, `${sum} bytes by ${at} ms is ahead of the rate`);
    }
    const last = sent[sent.length - 1]?.at ?? 0;
    const earliest = ((total - burst) * 1000) / rate;
    assert.ok(last >= earliest && last <= (total * 1000) / rate + 1, `done at ${last} ms`);
    assert.ok(sent.length >= 20, `${sent.length} writes`);
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
    const { reads, bytes } = await within(countReads(client), 'the split reply and the close');
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
    assert.deepEqual((await within(back, 'the split echo and the close')).bytes, message);
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
    assert.equal(await within(outcome, 'the reset at 1000 bytes'), 'ECONNRESET');
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
    assert.equal(await within(outcome, 'the reset at 100 bytes'), 'ECONNRESET');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'fault-reset');
    assert.equal(conn.in.received, 100);
    assert.equal(conn.out.received, 0);
  });
});

describe('reset on connect (reset after 0 bytes)', () => {
  it('the client is reset before anything passes, even a reply on connect', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const reply: BehaviourInput = { kind: 'reply', onConnect: { format: 'text', value: 'hello' } };
    const port = await openPort(h, reply, { resetAfterBytes: 0 });
    // The reset may reach the client before its connect completes: watch the raw socket.
    const client = connect({ port, host: '127.0.0.1' });
    const outcome = socketOutcome(client);
    const back = countReads(client);
    assert.equal(await within(outcome, 'the reset on connect'), 'ECONNRESET');
    assert.equal((await back).bytes.length, 0);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'fault-reset');
    assert.equal(conn.in.received + conn.out.received, 0);
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
    const upstreamSocket = await within(upstream.accepted(1), 'the relay to connect upstream');
    const upstreamReads = countReads(upstreamSocket);
    assert.equal((await within(back, 'the split answer and the close')).bytes.length, 1000);
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
    assert.equal(await within(outcome, 'the reset at 500 bytes'), 'ECONNRESET');
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
