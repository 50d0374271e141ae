// UDP ports through the real engine on real dgram sockets (127.0.0.1 and ::1): one conversation
// per peer, each datagram one chunk, echo / reply / relay / talk-back, dual-stack localhost, bind
// errors, closing, the bound on open conversations and the delay fault.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  behaviourSchema,
  CAPTURE,
  NO_FAULTS,
  type BehaviourInput,
} from '../../../shared/behaviours';
import type { FaultInput } from '../../../shared/behaviours';
import type { ListenerInfo, ListenHost } from '../../../shared/model';
import { UdpListener, type UdpListenerSetup } from '../../../engine/udp/udp-listener';
import { ampleHolderLookups } from '../../support/ample-holder-lookups';
import { startEngine, type Harness } from '../../support/engine-harness';
import { holdPortInChild } from '../../support/hold-port-child';
import {
  boundSocket,
  closeSocket,
  conversationOf,
  datagrams,
  testContext,
  udp6Available,
  udpPeer,
  type Peer,
} from '../../support/udp-client';

let h: Harness;
let v6 = false;
ampleHolderLookups();
before(async () => {
  h = startEngine();
  v6 = await udp6Available();
});
after(() => h.close());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface OpenOptions {
  readonly host?: ListenHost;
  readonly port?: number;
  readonly behaviour?: BehaviourInput;
  readonly faults?: FaultInput;
}

async function openUdp(options: OpenOptions = {}): Promise<ListenerInfo & { port: number }> {
  const listener = await h.must('openListener', {
    protocol: 'udp',
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    behaviour: options.behaviour ?? CAPTURE,
    faults: options.faults ?? {},
  });
  cleanups.push(async () => void (await h.call('closeListener', { id: listener.id })));
  assert.equal(listener.state, 'open');
  assert.equal(listener.protocol, 'udp');
  assert.ok(listener.port !== null && listener.port > 0, 'bound port is reported');
  return { ...listener, port: listener.port };
}

async function peer(address = '127.0.0.1'): Promise<Peer> {
  const p = await udpPeer(address);
  cleanups.push(() => p.close());
  return p;
}

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const text = (list: Buffer[]): string[] => list.map((b) => b.toString());

/** A port that was free a moment ago (nothing listens on it). */
/** A capture port outside the engine, with the engine's fixed bounds set as a test needs. */
async function captureListenerOfOurOwn(
  bounds: Pick<UdpListenerSetup, 'maxConversations' | 'idleConversationMs'>,
) {
  const ctx = testContext();
  const listener = new UdpListener({
    id: 'own',
    host: '127.0.0.1',
    requestedPort: 0,
    behaviour: behaviourSchema.parse(CAPTURE),
    faults: NO_FAULTS,
    context: ctx,
    ...bounds,
  });
  cleanups.push(() => listener.close());
  assert.ok((await listener.open()).ok);
  return { ctx, listener, port: listener.port ?? 0 };
}

async function freedPort(address: string): Promise<number> {
  const socket = await boundSocket(address);
  const { port } = socket.address();
  await closeSocket(socket);
  return port;
}

/** An upstream service that answers every datagram with `up:` + the datagram. */
async function upstreamServer(address: string, port = 0): Promise<Socket> {
  const server = await boundSocket(address, port);
  server.on('message', (data: Buffer, from) => {
    server.send(Buffer.concat([Buffer.from('up:'), data]), from.port, from.address);
  });
  cleanups.push(() => closeSocket(server));
  return server;
}

describe('udp capture', () => {
  it('records two peers as two conversations, each datagram one exact chunk', async () => {
    const listener = await openUdp();
    assert.deepEqual(listener.addresses, [{ address: '127.0.0.1', family: 'IPv4' }]);
    assert.equal(listener.exposed, false);
    const [a, b] = [await peer(), await peer()];
    const big = randomBytes(65_507);
    await a.send('first', listener.port);
    await b.send(big, listener.port);
    await a.send(Buffer.from([0, 1, 2, 0xff]), listener.port);

    const convA = await conversationOf(h, listener.id, a.port, 2);
    const convB = await conversationOf(h, listener.id, b.port, 1);
    assert.notEqual(convA.id, convB.id);
    assert.equal(convA.protocol, 'udp');
    assert.equal(convA.remoteAddress, '127.0.0.1');
    assert.equal(convA.localAddress, '127.0.0.1');
    assert.equal(convA.localPort, listener.port);
    assert.equal(convA.family, 'IPv4');
    assert.equal(convA.behaviour, 'capture');
    const inA = await datagrams(h, convA.id, 'in');
    assert.deepEqual(
      inA.map((d) => d.toString('hex')),
      [Buffer.from('first').toString('hex'), '000102ff'],
    );
    const [bigChunk] = await datagrams(h, convB.id, 'in');
    assert.equal(bigChunk?.length, 65_507);
    assert.equal(sha(bigChunk ?? Buffer.alloc(0)), sha(big), 'a maximum-size datagram, exact');

    const totals = await h.waitForBatch((batch) =>
      batch.listeners.some((l) => l.id === listener.id && l.bytesIn === 5 + 4 + 65_507),
    );
    const snap = totals.listeners.find((l) => l.id === listener.id);
    assert.equal(snap?.connectionsTotal, 2);
    assert.equal(snap?.connectionsOpen, 2);
    assert.equal(snap?.bytesOut, 0, 'capture sends nothing');
  });

  it('a capped datagram is still one chunk, marked truncated', async () => {
    await h.must('setLimits', { perConnectionBytes: 10 });
    cleanups.push(async () => void (await h.must('setLimits', { perConnectionBytes: 64 << 20 })));
    const listener = await openUdp();
    const a = await peer();
    await a.send('0123456789abcdefghij', listener.port);
    const conv = await conversationOf(h, listener.id, a.port);
    const [chunk] = await h.must('readChunks', { connectionId: conv.id, from: 0, count: 10 });
    assert.equal(chunk?.length, 20);
    assert.equal(chunk?.captured, 10);
    assert.equal(conv.truncated, true);
  });

  it('a port on :: takes IPv4 peers and shows them as IPv4', async (t) => {
    if (!v6) return t.skip('::1 cannot be bound here (IPv6 disabled)');
    const listener = await openUdp({ host: '::' });
    assert.equal(listener.exposed, true);
    const a = await peer();
    await a.send('v4', listener.port, '127.0.0.1');
    const conv = await conversationOf(h, listener.id, a.port);
    assert.equal(conv.remoteAddress, '127.0.0.1');
    assert.equal(conv.family, 'IPv4');
  });
});

describe('udp behaviours', () => {
  it('echo sends each datagram back to its sender, recorded out', async () => {
    const listener = await openUdp({ behaviour: { kind: 'echo' } });
    const a = await peer();
    const big = randomBytes(65_507);
    await a.send('ping', listener.port);
    assert.equal((await a.next()).data.toString(), 'ping');
    await a.send(big, listener.port);
    const back = await a.next();
    assert.equal(back.from.port, listener.port, 'the answer comes from the port itself');
    assert.equal(sha(back.data), sha(big));
    await a.send(Buffer.alloc(0), listener.port);
    assert.equal((await a.next()).data.length, 0, 'an empty datagram is echoed as one');

    const conv = await conversationOf(h, listener.id, a.port, 2);
    const out = await datagrams(h, conv.id, 'out');
    assert.equal(out.length, 2, 'the recorder keeps no chunk for an empty datagram');
    assert.equal(out[0]?.toString(), 'ping');
    assert.equal(conv.out.received, 4 + 65_507);
  });

  it('reply answers every datagram with the configured payload', async () => {
    const listener = await openUdp({
      behaviour: { kind: 'reply', onData: { format: 'text', value: 'pong\\r\\n' } },
    });
    const a = await peer();
    await a.send('one', listener.port);
    await a.send('two', listener.port);
    assert.equal((await a.next()).data.toString(), 'pong\r\n');
    assert.equal((await a.next()).data.toString(), 'pong\r\n');
    const conv = await conversationOf(h, listener.id, a.port, 2);
    assert.deepEqual(text(await datagrams(h, conv.id, 'out')), ['pong\r\n', 'pong\r\n']);
  });

  it('close-after-reply ends the conversation; the next datagram starts a new one', async () => {
    const listener = await openUdp({
      behaviour: {
        kind: 'reply',
        onData: { format: 'hex', value: 'c0ffee' },
        closeAfterReply: true,
      },
    });
    const a = await peer();
    await a.send('q1', listener.port);
    assert.equal((await a.next()).data.toString('hex'), 'c0ffee');
    const first = await h.waitFor(async () => {
      const page = await h.must('listConnections', {});
      return page.connections.find((c) => c.listenerId === listener.id && c.state === 'closed');
    }, 'the first conversation to close');
    assert.equal(first.endReason, 'closed-by-behaviour');
    assert.equal(first.out.received, 3);

    await a.send('q2', listener.port);
    assert.equal((await a.next()).data.toString('hex'), 'c0ffee');
    const second = await h.waitFor(async () => {
      const page = await h.must('listConnections', {});
      return page.connections.find((c) => c.listenerId === listener.id && c.id !== first.id);
    }, 'a second conversation');
    assert.deepEqual(text(await datagrams(h, second.id, 'in')), ['q2']);
  });

  it('switching behaviour applies to the next datagram of an open conversation', async () => {
    const listener = await openUdp();
    const a = await peer();
    await a.send('quiet', listener.port);
    const conv = await conversationOf(h, listener.id, a.port);
    await h.must('setBehaviour', { id: listener.id, behaviour: { kind: 'echo' } });
    await a.send('loud', listener.port);
    assert.equal((await a.next()).data.toString(), 'loud');
    const now = await h.waitForConnection(conv.id, (c) => c.out.chunks === 1);
    assert.equal(now.behaviour, 'echo', 'the conversation shows what handles it now');
  });
});

describe('udp relay', () => {
  it('forwards datagrams and routes each upstream answer to the right peer', async () => {
    const upstream = await upstreamServer('127.0.0.1');
    const upstreamPort = upstream.address().port;
    const listener = await openUdp({
      behaviour: { kind: 'relay', host: '127.0.0.1', port: upstreamPort },
    });
    const [a, b] = [await peer(), await peer()];
    await a.send('from-a', listener.port);
    await b.send('from-b', listener.port);
    await a.send('again-a', listener.port);
    assert.equal((await b.next()).data.toString(), 'up:from-b');
    assert.equal((await a.next()).data.toString(), 'up:from-a');
    assert.equal((await a.next()).data.toString(), 'up:again-a');

    const convA = await conversationOf(h, listener.id, a.port, 2);
    assert.deepEqual(text(await datagrams(h, convA.id, 'out')), ['up:from-a', 'up:again-a']);
    assert.equal(convA.behaviour, 'relay');
    assert.equal(convA.upstream?.state, 'connected');
    assert.equal(convA.upstream?.host, '127.0.0.1');
    assert.equal(convA.upstream?.port, upstreamPort);
    assert.equal(typeof convA.upstream?.localPort, 'number');

    // Changing only the faults keeps the conversation's upstream socket (and what is in flight).
    await h.must('setBehaviour', {
      id: listener.id,
      behaviour: { kind: 'relay', host: '127.0.0.1', port: upstreamPort },
      faults: { delayMs: 1 },
    });
    await a.send('delayed-a', listener.port);
    assert.equal((await a.next()).data.toString(), 'up:delayed-a');
    const same = await h.must('getConnection', { id: convA.id });
    assert.equal(same.upstream?.localPort, convA.upstream?.localPort);

    const closed = await h.must('closeConnection', { id: convA.id });
    assert.equal(closed.upstream?.state, 'closed', 'its upstream socket closes with it');
    assert.equal(closed.endReason, 'closed-by-user');
  });

  it('relays to a host name (localhost) that resolves to where the upstream listens', async () => {
    const upstream = await upstreamServer('127.0.0.1');
    const listener = await openUdp({
      behaviour: { kind: 'relay', host: 'localhost', port: upstream.address().port },
    });
    const a = await peer();
    // If localhost resolves to ::1 first, that datagram is refused and the relay moves on to
    // 127.0.0.1; every datagram is answered or refused, so three tries are plenty.
    let answer: string | null = null;
    for (let attempt = 0; attempt < 3 && answer === null; attempt++) {
      await a.send(`try${attempt}`, listener.port);
      answer = await a.next(1000).then(
        (d) => d.data.toString(),
        () => null,
      );
    }
    assert.match(answer ?? 'no answer', /^up:try\d$/);
  });

  it('a refused upstream shows UPSTREAM_REFUSED, stays open, and the next datagram retries', async () => {
    const upstreamPort = await freedPort('127.0.0.1');
    const listener = await openUdp({
      behaviour: { kind: 'relay', host: '127.0.0.1', port: upstreamPort },
    });
    const a = await peer();
    await a.send('nobody-home', listener.port);
    const conv = await conversationOf(h, listener.id, a.port);
    const refused = await h.waitForConnection(conv.id, (c) => c.error !== null, 'the refusal');
    assert.equal(refused.error?.code, 'UPSTREAM_REFUSED');
    assert.equal(refused.state, 'open', 'UDP has no connection to lose');

    await upstreamServer('127.0.0.1', upstreamPort);
    await a.send('now-there', listener.port);
    assert.equal((await a.next()).data.toString(), 'up:now-there');
    const healed = await h.waitForConnection(conv.id, (c) => c.error === null, 'error cleared');
    assert.equal(healed.out.chunks, 1);
  });
});

describe('udp talk-back', () => {
  it('sends one datagram to the peer from the port, recorded out', async () => {
    const listener = await openUdp();
    const a = await peer();
    await a.send('hello?', listener.port);
    const conv = await conversationOf(h, listener.id, a.port);
    const sent = await h.must('sendData', {
      connectionId: conv.id,
      data: { format: 'text', value: 'hi\\r\\n' },
    });
    assert.equal(sent.bytes, 4);
    const got = await a.next();
    assert.equal(got.data.toString(), 'hi\r\n');
    assert.equal(got.from.port, listener.port);
    assert.deepEqual(text(await datagrams(h, conv.id, 'out')), ['hi\r\n']);

    const tooBig = await h.call('sendData', {
      connectionId: conv.id,
      data: { format: 'hex', value: '00'.repeat(65_508) },
    });
    assert.equal(tooBig.ok ? 'sent' : tooBig.error.code, 'DATAGRAM_TOO_LARGE');
    assert.match(
      tooBig.ok ? '' : tooBig.error.message,
      /65,508-byte datagram is too large for an IPv4 peer/,
    );

    const closed = await h.must('closeConnection', { id: conv.id, mode: 'reset' });
    assert.equal(closed.endReason, 'closed-by-user', 'UDP has no reset to send');
    const late = await h.call('sendData', {
      connectionId: conv.id,
      data: { format: 'text', value: 'x' },
    });
    assert.equal(late.ok ? 'sent' : late.error.code, 'CONNECTION_CLOSED');

    await a.send('back again', listener.port);
    const next = await conversationOf(h, listener.id, a.port);
    assert.notEqual(next.id, conv.id, 'a closed conversation is not revived');
  });
});

describe('udp ports', () => {
  it('localhost binds 127.0.0.1 and ::1 on one port, both reachable', async (t) => {
    if (!v6) return t.skip('::1 cannot be bound here (IPv6 disabled)');
    const listener = await openUdp({ host: 'localhost', behaviour: { kind: 'echo' } });
    assert.deepEqual(listener.addresses, [
      { address: '127.0.0.1', family: 'IPv4' },
      { address: '::1', family: 'IPv6' },
    ]);
    assert.equal(listener.notice, null);
    const [p4, p6] = [await peer('127.0.0.1'), await peer('::1')];
    await p4.send('four', listener.port, '127.0.0.1');
    await p6.send('six', listener.port, '::1');
    assert.equal((await p4.next()).data.toString(), 'four');
    const back6 = await p6.next();
    assert.equal(back6.data.toString(), 'six');
    assert.equal(back6.from.address, '::1', 'the ::1 peer is answered from ::1');
    const conv6 = await conversationOf(h, listener.id, p6.port);
    assert.equal(conv6.family, 'IPv6');
    assert.equal(conv6.remoteAddress, '::1');
    assert.equal(conv6.localAddress, '::1');
    assert.equal(conv6.localPort, listener.port);
  });

  it('a port held by another socket fails with PORT_IN_USE, and opens once it is free', async () => {
    const holder = await boundSocket('127.0.0.1');
    cleanups.push(() => closeSocket(holder));
    const port = holder.address().port;
    const failed = await h.call('openListener', { protocol: 'udp', host: '127.0.0.1', port });
    assert.equal(failed.ok ? 'opened' : failed.error.code, 'PORT_IN_USE');
    const entry = (await h.must('listListeners', {})).find(
      (l) => l.protocol === 'udp' && l.requestedPort === port,
    );
    assert.equal(entry?.state, 'failed');
    await closeSocket(holder);
    const retried = await h.must('reopenListener', { id: entry?.id ?? '' });
    cleanups.push(async () => void (await h.call('closeListener', { id: retried.id })));
    assert.equal(retried.state, 'open');
    assert.equal(retried.port, port);
  });

  it('localhost on a port whose ::1 side is held opens on 127.0.0.1 with a notice', async (t) => {
    if (!v6) return t.skip('::1 cannot be bound here (IPv6 disabled)');
    const port = await freedPort('127.0.0.1');
    const holder = await boundSocket('::1', port);
    cleanups.push(() => closeSocket(holder));
    const listener = await openUdp({ host: 'localhost', port });
    assert.equal(listener.port, port);
    assert.equal(listener.notice?.code, 'OTHER_FAMILY_HELD');
    assert.deepEqual(listener.addresses, [{ address: '127.0.0.1', family: 'IPv4' }]);
  });

  it('127.0.0.1 only: another process holding the port on ::1 arrives as a notice', async (t) => {
    if (!v6 || process.platform !== 'linux') {
      return t.skip(v6 ? 'holder lookup is exercised on Linux (/proc)' : 'no IPv6 on this machine');
    }
    const held = await holdPortInChild('udp', '::1');
    cleanups.push(() => held.stop());
    const listener = await openUdp({ host: '127.0.0.1', port: held.port });
    const batch = await h.waitForBatch(
      (b) => b.listeners.some((l) => l.id === listener.id && l.notice !== null),
      'the other-family notice',
    );
    const notice = batch.listeners.find((l) => l.id === listener.id)?.notice;
    assert.equal(notice?.code, 'OTHER_FAMILY_HELD');
    assert.ok(
      notice?.holders?.some((x) => x.pid === held.pid),
      JSON.stringify(notice?.holders),
    );
  });

  it('closing the port closes its conversations (port-closed) and frees the port', async () => {
    const listener = await openUdp();
    const [a, b] = [await peer(), await peer()];
    await a.send('x', listener.port);
    await b.send('y', listener.port);
    const convs = [
      await conversationOf(h, listener.id, a.port),
      await conversationOf(h, listener.id, b.port),
    ];
    const closed = await h.must('closeListener', { id: listener.id });
    assert.equal(closed.state, 'closed');
    assert.equal(closed.connectionsOpen, 0);
    assert.deepEqual(closed.addresses, []);
    assert.equal(closed.port, listener.port, 'bound port kept after closing');
    for (const conv of convs) {
      const info = await h.must('getConnection', { id: conv.id });
      assert.equal(info.state, 'closed');
      assert.equal(info.endReason, 'port-closed');
    }
    await closeSocket(await boundSocket('127.0.0.1', listener.port)); // really released
  });

  it('beyond the bound the least recently active conversation closes as idle', async () => {
    // The engine's bound is 4,096; a listener of our own shows the rule with a bound of 2.
    const { ctx, listener, port } = await captureListenerOfOurOwn({ maxConversations: 2 });
    const seen = (p: Peer, n: number) =>
      ctx.waitFor(
        () =>
          ctx.connections.find((c) => c.info().remotePort === p.port && c.info().in.chunks >= n),
        `${n} datagram(s) from ${p.port}`,
      );
    const [a, b, c] = [await peer(), await peer(), await peer()];
    await a.send('a1', port);
    await seen(a, 1);
    await b.send('b1', port);
    const convB = await seen(b, 1);
    await a.send('a2', port); // a is now more recent than b
    const convA = await seen(a, 2);
    await c.send('c1', port);
    await seen(c, 1);
    const idle = await ctx.waitForConnection(convB.id, (x) => x.state === 'closed');
    assert.equal(idle.endReason, 'idle');
    assert.equal(convA.state, 'open', 'the recently active peer keeps its conversation');
    assert.equal(listener.snapshot().connectionsOpen, 2);
  });
});

describe('udp conversations that go quiet', () => {
  it('close as idle once nothing went either way for the idle time; a later datagram opens a new one', async () => {
    // The engine waits 120 s; a listener of our own shows the rule with 400 ms.
    const { ctx, listener, port } = await captureListenerOfOurOwn({ idleConversationMs: 400 });
    const [quiet, chatty] = [await peer(), await peer()];
    await quiet.send('once', port);
    const first = await ctx.waitFor(
      () => ctx.connections.find((c) => c.info().remotePort === quiet.port),
      "the quiet peer's conversation",
    );
    // The chatty peer keeps talking for longer than the idle time.
    const started = performance.now();
    while (performance.now() - started < 900) {
      await chatty.send('tick', port);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const closed = await ctx.waitForConnection(first.id, (x) => x.state === 'closed');
    assert.equal(closed.endReason, 'idle');
    const talking = ctx.connections.find((c) => c.info().remotePort === chatty.port);
    assert.equal(talking?.info().state, 'open', 'a peer that keeps talking keeps its conversation');
    assert.equal(listener.snapshot().connectionsOpen, 1);

    await quiet.send('again', port);
    const second = await ctx.waitFor(
      () => ctx.connections.find((c) => c.info().remotePort === quiet.port && c.id !== first.id),
      'a new conversation for the peer that spoke again',
    );
    assert.equal(second.info().state, 'open');
    assert.equal(second.info().in.received, 'again'.length);
  });
});

describe('udp delay fault', () => {
  it('waits before each reply and keeps the order, even when the delay shrinks', async () => {
    const delayMs = 200;
    const listener = await openUdp({ behaviour: { kind: 'echo' }, faults: { delayMs } });
    const a = await peer();
    const started = performance.now();
    await a.send('1', listener.port);
    await a.send('2', listener.port);
    const conv = await conversationOf(h, listener.id, a.port, 2);
    // Later datagrams must not overtake the ones still waiting.
    await h.must('setBehaviour', { id: listener.id, behaviour: { kind: 'echo' } });
    await a.send('3', listener.port);
    const got = [await a.next(), await a.next(), await a.next()].map((d) => d.data.toString());
    const elapsed = performance.now() - started;
    assert.deepEqual(got, ['1', '2', '3']);
    assert.ok(elapsed >= delayMs - 2, `answered after ${elapsed.toFixed(0)} ms`);

    const records = await h.must('readChunks', { connectionId: conv.id, from: 0, count: 10 });
    const firstIn = records.find((r) => r.direction === 'in');
    const firstOut = records.find((r) => r.direction === 'out');
    assert.ok(firstIn !== undefined && firstOut !== undefined);
    const lag = firstOut.at - firstIn.at;
    assert.ok(lag >= delayMs - 2, `recorded out ${lag.toFixed(0)} ms after in`);
  });

  it('echoes each datagram as it came, though more came in while it waited', async () => {
    // The worker reuses its shared memory as soon as the engine has recorded a datagram; a
    // reply waiting out the delay must hold its own bytes, not a view the next datagrams fill.
    const listener = await openUdp({ behaviour: { kind: 'echo' }, faults: { delayMs: 300 } });
    const a = await peer();
    const sent = ['first-aaaa', 'second-bbb', 'third-cccc', 'fourth-ddd'];
    for (const [i, text] of sent.entries()) {
      await a.send(text, listener.port);
      // Each one recorded before the next is sent, so the worker has its memory back each time.
      await conversationOf(h, listener.id, a.port, i + 1);
    }
    const echoed = [];
    for (let i = 0; i < sent.length; i++) echoed.push((await a.next()).data.toString());
    assert.deepEqual(echoed, sent);
  });
});
