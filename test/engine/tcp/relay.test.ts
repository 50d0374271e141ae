// The relay on real loopback sockets: exact bytes both ways at volume with bounded memory,
// half-close both ways, upstream failures (refused, reset mid-stream, connect timeout), a slow
// reader on either side, and switching a port to relay while it is open.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FaultInput } from '../../../shared/behaviours';
import {
  collect,
  connectClient,
  once,
  startEngine,
  type Harness,
} from '../../support/engine-harness';
import {
  closedPort,
  collectUntilEnd,
  connectHalfOpen,
  mb,
  MiB,
  receiveStream,
  sampleMemory,
  sendStream,
  socketOutcome,
  startServer,
  waitForStall,
} from '../../support/traffic';
import { startUnacceptingPort } from '../../support/unaccepting-port';
import { upstreamError, upstreamTimeout } from '../../../engine/tcp/behaviours/relay-errors';

async function openRelay(
  h: Harness,
  upstreamPort: number,
  extra: { connectTimeoutMs?: number; faults?: FaultInput; host?: string } = {},
): Promise<number> {
  const listener = await h.must('openListener', {
    host: '127.0.0.1',
    port: 0,
    behaviour: {
      kind: 'relay',
      host: extra.host ?? '127.0.0.1',
      port: upstreamPort,
      ...(extra.connectTimeoutMs !== undefined ? { connectTimeoutMs: extra.connectTimeoutMs } : {}),
    },
    ...(extra.faults !== undefined ? { faults: extra.faults } : {}),
  });
  assert.ok(listener.port !== null);
  return listener.port;
}

describe('relay: volume and memory', () => {
  // THE BIG ONE: 256 MiB each way at once (512 MiB through the relay), hashed at both ends, with
  // capture limited to 8 MiB per connection so what we measure is the relay, not the capture.
  it('relays 256 MiB each way byte-exact with bounded memory', { timeout: 180_000 }, async (t) => {
    const h = startEngine({ limits: { perConnectionBytes: 8 * MiB, totalBytes: 64 * MiB } });
    const total = 256 * MiB;
    let upstreamSent: Promise<string> = Promise.resolve('');
    let upstreamGot: Promise<{ hash: string; bytes: number }> = Promise.resolve({
      hash: '',
      bytes: 0,
    });
    const upstream = await startServer((socket) => {
      upstreamGot = receiveStream(socket);
      upstreamSent = sendStream(socket, total, 7);
    });
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openRelay(h, upstream.port);
    const memory = sampleMemory();
    const started = performance.now();
    const client = await connectHalfOpen(port);
    const clientGot = receiveStream(client);
    const clientSent = await sendStream(client, total, 3);
    const [fromUpstream, toUpstream] = await Promise.all([clientGot, upstreamGot]);
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    assert.equal(toUpstream.bytes, total);
    assert.equal(toUpstream.hash, clientSent, 'client → upstream byte-exact');
    assert.equal(fromUpstream.bytes, total);
    assert.equal(fromUpstream.hash, await upstreamSent, 'upstream → client byte-exact');

    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'client-closed');
    assert.equal(conn.in.received, total);
    assert.equal(conn.out.received, total);
    assert.equal(conn.in.captured + conn.out.captured, 8 * MiB);
    assert.equal(conn.upstream?.state, 'closed');
    const growth = peak.peakRss - peak.baselineRss;
    t.diagnostic(
      `2 × ${mb(total)} in ${seconds.toFixed(2)} s (${((2 * total) / MiB / seconds).toFixed(0)} MiB/s); ` +
        `RSS ${mb(peak.baselineRss)} → peak ${mb(peak.peakRss)} (+${mb(growth)}); ` +
        `peak heapUsed ${mb(peak.peakHeapUsed)}, peak external ${mb(peak.peakExternal)}`,
    );
    // Two streams of 256 MiB went through; what stays is the 8 MiB capture, socket buffers and
    // garbage not yet collected. An unbounded queue would grow towards the transfer size.
    assert.ok(growth < 96 * MiB, `RSS grew by ${mb(growth)}`);
  });
});

describe('relay: both directions, half-close', () => {
  it('client FIN reaches the upstream, which can still answer; upstream state is published', async (t) => {
    const h = startEngine();
    let peerPort: number | undefined;
    let request: Promise<Buffer> = Promise.resolve(Buffer.alloc(0));
    const upstream = await startServer((socket) => {
      peerPort = socket.remotePort;
      request = collectUntilEnd(socket);
    });
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openRelay(h, upstream.port);
    const client = await connectHalfOpen(port);
    const reply = collect(client);
    client.end('question');
    const upstreamSocket = await upstream.accepted(1);
    const asked = await request;
    // Between the two FINs: the client's side is done, the upstream's is not.
    const half = await h.must('getConnection', { id: 1 });
    assert.equal(half.state, 'half-closed');
    assert.equal(half.upstream?.state, 'half-closed');
    upstreamSocket.end(`answer to ${asked.toString()}`);
    assert.equal((await reply).toString(), 'answer to question');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'client-closed');
    assert.equal(conn.behaviour, 'relay');
    assert.equal(conn.in.received, 8);
    assert.equal(conn.out.received, 18);
    const up = conn.upstream;
    assert.ok(up !== null);
    assert.equal(up.state, 'closed');
    assert.equal(up.host, '127.0.0.1');
    assert.equal(up.port, upstream.port);
    // The address Porthole used towards the upstream is the peer the upstream server saw.
    assert.equal(up.localPort, peerPort);
    assert.equal(up.localAddress, '127.0.0.1');
    assert.ok(up.connectedAt !== null && up.connectedAt >= conn.openedAt);
  });

  it('upstream FIN reaches the client, which can still send', async (t) => {
    const h = startEngine();
    const upstream = await startServer((socket) => socket.end('greeting then done'));
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openRelay(h, upstream.port);
    const client = await connectHalfOpen(port);
    const fromUpstream = collect(client);
    await once(client, 'end');
    const upstreamSocket = await upstream.accepted(1);
    const atUpstream = collectUntilEnd(upstreamSocket);
    client.end('late words');
    assert.equal((await fromUpstream).toString(), 'greeting then done');
    assert.equal((await atUpstream).toString(), 'late words');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'client-closed');
    assert.equal(conn.in.received, 10);
    assert.equal(conn.upstream?.state, 'closed');
  });
});

describe('relay: upstream failures', () => {
  it('refused: the client gets a clean FIN and the connection shows UPSTREAM_REFUSED', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const dead = await closedPort();
    const port = await openRelay(h, dead);
    const client = await connectClient(port);
    const outcome = socketOutcome(client);
    const got = collect(client);
    assert.equal(await outcome, null, 'closed without an error (FIN, not RST)');
    assert.equal((await got).length, 0);
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'upstream-failed');
    assert.equal(conn.error?.code, 'UPSTREAM_REFUSED');
    assert.match(conn.error?.message ?? '', new RegExp(String(dead)));
    assert.equal(conn.upstream?.state, 'failed');
  });

  it('upstream reset mid-stream: the client is reset too and UPSTREAM_RESET is shown', async (t) => {
    const h = startEngine();
    const upstream = await startServer((socket) => {
      socket.once('data', () => socket.write('partial answer'));
    });
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openRelay(h, upstream.port);
    const client = await connectHalfOpen(port);
    const outcome = socketOutcome(client);
    client.write('request');
    // Reset once the answer has reached the client. (Linux reports an RST that arrives together
    // with unread data as EOF, so a reset hard on the heels of a write would read as a FIN.)
    await new Promise((resolve) => client.once('data', resolve));
    (await upstream.accepted(1)).resetAndDestroy();
    assert.equal(await outcome, 'ECONNRESET');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'upstream-failed');
    assert.equal(conn.error?.code, 'UPSTREAM_RESET');
    assert.equal(conn.upstream?.state, 'failed');
    assert.equal(conn.in.received, 7);
    assert.equal(conn.out.received, 14, 'what the upstream sent before its reset was relayed');
  });

  it('upstream that never accepts: UPSTREAM_TIMEOUT after connectTimeoutMs, bytes kept', async (t) => {
    const hung = await startUnacceptingPort();
    if (typeof hung === 'string') {
      t.skip(hung);
      return;
    }
    const h = startEngine();
    t.after(async () => {
      await h.close();
      hung.close();
    });
    const port = await openRelay(h, hung.port, { connectTimeoutMs: 150 });
    const started = performance.now();
    const client = await connectClient(port);
    const outcome = socketOutcome(client);
    client.write('early bytes');
    assert.equal(await outcome, null, 'closed with FIN');
    const elapsed = performance.now() - started;
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'upstream-failed');
    assert.equal(conn.error?.code, 'UPSTREAM_TIMEOUT');
    assert.match(conn.error?.message ?? '', /150 ms/);
    assert.equal(conn.upstream?.state, 'failed');
    assert.equal(conn.in.received, 11, 'what the client sent while we waited is recorded');
    assert.ok(elapsed >= 140, `timed out after ${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed < 900, `before the kernel's SYN retry (${elapsed.toFixed(0)} ms)`);
  });

  it('client reset → the upstream is reset too, as a direct connection would be', async (t) => {
    const h = startEngine();
    const upstream = await startServer();
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openRelay(h, upstream.port);
    const client = await connectClient(port);
    const upstreamSocket = await upstream.accepted(1);
    await h.waitForConnection(1, (c) => c.upstream?.state === 'connected');
    const upstreamOutcome = new Promise<string>((resolve) => {
      upstreamSocket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
      upstreamSocket.once('end', () => resolve('FIN'));
    });
    upstreamSocket.resume();
    client.resetAndDestroy();
    assert.equal(await upstreamOutcome, 'ECONNRESET');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'client-reset');
    assert.equal(conn.upstream?.state, 'closed');
  });

  it('closed by the user → the upstream gets a FIN', async (t) => {
    const h = startEngine();
    const upstream = await startServer();
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const port = await openRelay(h, upstream.port);
    await connectClient(port);
    const upstreamSocket = await upstream.accepted(1);
    await h.waitForConnection(1, (c) => c.upstream?.state === 'connected');
    const upstreamEnded = once(upstreamSocket, 'end');
    upstreamSocket.resume();
    await h.must('closeConnection', { id: 1 });
    await upstreamEnded;
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'closed-by-user');
  });
});

describe('relay: a slow reader on either side costs bounded memory', () => {
  const total = 200 * MiB;

  it(
    'client not reading: the relay stops reading the upstream, then catches up',
    { timeout: 120_000 },
    async (t) => {
      const h = startEngine({ limits: { perConnectionBytes: 8 * MiB } });
      let written = 0;
      let sent: Promise<string> = Promise.resolve('');
      const upstream = await startServer((socket) => {
        sent = sendStream(socket, total, 5, { onProgress: (n) => (written = n) });
      });
      t.after(async () => {
        await h.close();
        await upstream.close();
      });
      const port = await openRelay(h, upstream.port);
      const memory = sampleMemory();
      const client = await connectHalfOpen(port);
      client.pause();
      const stalled = await waitForStall(() => written, 'the upstream sender');
      const conn = await h.must('getConnection', { id: 1 });
      const peak = memory.stop();
      const growth = peak.peakRss - peak.baselineRss;
      t.diagnostic(
        `upstream stalled after ${mb(stalled)}; relayed to the client ${mb(conn.out.received)}; ` +
          `RSS +${mb(growth)}`,
      );
      assert.ok(stalled < 48 * MiB, `upstream wrote ${mb(stalled)} before stalling`);
      assert.ok(conn.out.received < stalled, 'the relay holds back what the client does not read');
      assert.ok(growth < 64 * MiB, `RSS grew by ${mb(growth)} while paused`);

      const received = receiveStream(client);
      client.resume();
      const got = await received;
      assert.equal(got.bytes, total);
      assert.equal(got.hash, await sent);
      client.end();
      const closed = await h.waitForConnection(1, (c) => c.state === 'closed');
      assert.equal(closed.out.received, total);
      assert.equal(closed.endReason, 'client-closed');
    },
  );

  it(
    'upstream not reading: the relay stops reading the client, then catches up',
    { timeout: 120_000 },
    async (t) => {
      const h = startEngine({ limits: { perConnectionBytes: 8 * MiB } });
      const upstream = await startServer((socket) => socket.pause());
      t.after(async () => {
        await h.close();
        await upstream.close();
      });
      const port = await openRelay(h, upstream.port);
      const memory = sampleMemory();
      const client = await connectHalfOpen(port);
      let written = 0;
      const sent = sendStream(client, total, 6, { onProgress: (n) => (written = n) });
      const stalled = await waitForStall(() => written, 'the client sender');
      const conn = await h.must('getConnection', { id: 1 });
      const peak = memory.stop();
      const growth = peak.peakRss - peak.baselineRss;
      t.diagnostic(
        `client stalled after ${mb(stalled)}; read from it ${mb(conn.in.received)}; RSS +${mb(growth)}`,
      );
      assert.ok(stalled < 48 * MiB, `client wrote ${mb(stalled)} before stalling`);
      assert.ok(conn.in.received < stalled, 'the relay stops reading a client it cannot forward');
      assert.ok(growth < 64 * MiB, `RSS grew by ${mb(growth)} while paused`);

      const upstreamSocket = await upstream.accepted(1);
      const received = receiveStream(upstreamSocket);
      upstreamSocket.resume();
      const got = await received;
      assert.equal(got.bytes, total);
      assert.equal(got.hash, await sent);
    },
  );
});

describe('relay: switching a port live', () => {
  it('setBehaviour: new connections relay, an existing echo connection keeps echoing', async (t) => {
    const h = startEngine();
    const upstream = await startServer((socket) => socket.end('from upstream'));
    t.after(async () => {
      await h.close();
      await upstream.close();
    });
    const listener = await h.must('openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'echo' },
    });
    const port = listener.port ?? 0;
    const echoClient = await connectHalfOpen(port);
    const switched = await h.must('setBehaviour', {
      id: listener.id,
      behaviour: { kind: 'relay', host: '127.0.0.1', port: upstream.port },
    });
    assert.equal(switched.behaviour.kind, 'relay');
    const relayClient = await connectHalfOpen(port);
    assert.equal((await collectUntilEnd(relayClient)).toString(), 'from upstream');
    relayClient.end();

    const echoed = collect(echoClient);
    echoClient.end('still echoing');
    assert.equal((await echoed).toString(), 'still echoing');
    const [first, second] = await Promise.all(
      [1, 2].map((id) => h.waitForConnection(id, (c) => c.state === 'closed')),
    );
    assert.equal(first?.behaviour, 'echo');
    assert.equal(first?.upstream, null);
    assert.equal(second?.behaviour, 'relay');
    assert.equal(second?.upstream?.state, 'closed');
  });
});

describe('relay: upstream errors as a person reads them', () => {
  const target = { host: 'db.internal', port: 5432 };
  const error = (code: string): Error => Object.assign(new Error(code), { code });
  for (const [code, expected] of [
    ['ECONNREFUSED', 'UPSTREAM_REFUSED'],
    ['ENOTFOUND', 'UPSTREAM_NOT_FOUND'],
    ['EAI_AGAIN', 'UPSTREAM_NOT_FOUND'],
    ['EHOSTUNREACH', 'UPSTREAM_UNREACHABLE'],
    ['ENETUNREACH', 'UPSTREAM_UNREACHABLE'],
    ['ECONNRESET', 'UPSTREAM_RESET'],
    ['EPIPE', 'UPSTREAM_RESET'],
    ['ETIMEDOUT', 'UPSTREAM_TIMEOUT'],
    ['EPROTO', 'UPSTREAM_ERROR'],
  ] as const) {
    it(`${code} → ${expected}`, () => {
      const info = upstreamError(error(code), target);
      assert.equal(info.code, expected);
      if (expected !== 'UPSTREAM_NOT_FOUND') assert.match(info.message, /db\.internal:5432/);
      else assert.match(info.message, /db\.internal/);
      if (expected === 'UPSTREAM_ERROR') assert.match(info.message, /EPROTO/);
    });
  }
  it('our connect timeout names the limit', () => {
    assert.match(upstreamTimeout(target, 2500).message, /2500 ms/);
  });
});
