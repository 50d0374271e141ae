// Replay on real loopback sockets: the client side of a recorded connection sent again, byte for
// byte and write for write, to an echo port, with the recorded pacing, taking turns, edited, over
// UDP, and against targets that refuse, reset or are not on this machine.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Chunk, ConnectionInfo } from '../../../shared/model';
import { connectClient, startEngine, type Harness } from '../../support/engine-harness';
import { udpPeer } from '../../support/udp-client';

async function bytesOf(h: Harness, id: number, direction: 'in' | 'out'): Promise<Buffer> {
  const conn = await h.must('getConnection', { id });
  const length = conn[direction].captured;
  if (length === 0) return Buffer.alloc(0);
  const read = await h.must('readPayload', { connectionId: id, direction, offset: 0, length });
  return Buffer.from(read.data, 'base64');
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function chunksOf(h: Harness, id: number): Promise<Chunk[]> {
  const conn = await h.must('getConnection', { id });
  return h.must('readChunks', { connectionId: id, from: 0, count: Math.max(1, conn.chunkCount) });
}

const closed = (c: ConnectionInfo) => c.state === 'closed';

/**
 * A client that writes each message only once the port has recorded the previous one, so every
 * message is its own recorded read, and waits `gapsMs[i]` before message i.
 */
async function recordConversation(
  h: Harness,
  port: number,
  messages: readonly Buffer[],
  gapsMs: readonly number[] = [],
): Promise<ConnectionInfo> {
  const before = (await h.must('getStats', {})).connectionsTotal;
  const client = await connectClient(port);
  const id = before + 1;
  let sent = 0;
  for (const [i, message] of messages.entries()) {
    const gap = gapsMs[i] ?? 0;
    if (gap > 0) await sleep(gap);
    client.write(message);
    sent += message.length;
    const total = sent;
    await h.waitForConnection(id, (c) => c.in.received === total, `${total} bytes recorded`);
  }
  client.end();
  return h.waitForConnection(id, closed, `connection #${id} closed`);
}

describe('replay', () => {
  let h: Harness;
  let capturePort: number;
  let echoPort: number;
  before(async () => {
    h = startEngine();
    capturePort = (await h.open()).port ?? 0;
    const echo = await h.must('openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'echo' },
    });
    echoPort = echo.port ?? 0;
  });
  after(() => h.close());

  it('sends the client side byte for byte, one write per recorded read, linked to the original', async () => {
    const messages = [
      Buffer.from('HELLO\r\n'),
      Buffer.alloc(70_000, 7),
      Buffer.from('\x00\xffBYE'),
    ];
    const original = await recordConversation(h, capturePort, messages);
    const replay = await h.must('replayConnection', {
      connectionId: original.id,
      target: { kind: 'address', host: '127.0.0.1', port: echoPort },
    });
    assert.equal(replay.replayOf, original.id);
    assert.equal(replay.listenerId, original.listenerId);
    const done = await h.waitForConnection(replay.id, closed, 'the replay to finish');
    assert.equal(done.endReason, 'replay-finished', JSON.stringify(done.error));
    assert.equal(done.error, null);
    assert.equal(done.upstream?.port, echoPort);
    assert.equal(done.localPort, echoPort);

    const sent = await bytesOf(h, replay.id, 'in');
    assert.equal(sha256(sent), sha256(Buffer.concat(messages)));
    // The echo port answered every byte: the replay recorded the answer.
    assert.equal(sha256(await bytesOf(h, replay.id, 'out')), sha256(Buffer.concat(messages)));
    // One write per recorded read (the 70,000-byte message may be one read or a few).
    const originalReads = (await chunksOf(h, original.id)).filter((c) => c.direction === 'in');
    const replayWrites = (await chunksOf(h, replay.id)).filter((c) => c.direction === 'in');
    assert.deepEqual(
      replayWrites.map((c) => c.length),
      originalReads.map((c) => c.length),
    );
  });

  it('taking turns keeps read boundaries at the target', async () => {
    const messages = ['PING\r\n', 'ECHO one\r\n', 'ECHO two\r\n'].map((m) => Buffer.from(m));
    // Recorded against the echo port, so each message has an answer and starts a turn.
    const original = await recordConversation(h, echoPort, messages);
    const echoConnections = (await h.must('getStats', {})).connectionsTotal;
    const replay = await h.must('replayConnection', {
      connectionId: original.id,
      target: { kind: 'same-port' },
      pacing: 'turns',
    });
    const done = await h.waitForConnection(replay.id, closed, 'the replay to finish');
    assert.equal(done.endReason, 'replay-finished');
    // The echo port's own record of the replayed connection: one read per message.
    const atTarget = echoConnections + 2;
    const target = await h.waitForConnection(atTarget, closed, 'the echo side to close');
    assert.equal(target.remotePort, done.remotePort, 'the echo port saw the replay');
    const reads = (await chunksOf(h, target.id)).filter((c) => c.direction === 'in');
    assert.deepEqual(
      reads.map((c) => c.length),
      messages.map((m) => m.length),
    );
  });

  it('keeps the original pacing, scaled by the speed', async () => {
    const messages = ['a', 'b', 'c'].map((m) => Buffer.from(m));
    const original = await recordConversation(h, capturePort, messages, [0, 300, 600]);
    const recorded = (await chunksOf(h, original.id)).filter((c) => c.direction === 'in');
    const replay = await h.must('replayConnection', {
      connectionId: original.id,
      target: { kind: 'address', host: '127.0.0.1', port: echoPort },
      pacing: 'original',
      speed: 2,
    });
    await h.waitForConnection(replay.id, closed, 'the replay to finish');
    const replayed = (await chunksOf(h, replay.id)).filter((c) => c.direction === 'in');
    assert.equal(replayed.length, 3);
    for (const i of [1, 2]) {
      const want = ((recorded[i]?.at ?? 0) - (recorded[i - 1]?.at ?? 0)) / 2;
      const got = (replayed[i]?.at ?? 0) - (replayed[i - 1]?.at ?? 0);
      const ratio = got / want;
      assert.ok(ratio > 0.85 && ratio < 1.5, `gap ${i}: ${got} ms replayed for ${want} ms wanted`);
    }
  });

  it('an edited replay sends the edited bytes', async () => {
    const original = await recordConversation(h, capturePort, [
      Buffer.from('GET /a HTTP/1.1\r\n'),
      Buffer.from('Host: x\r\n\r\n'),
    ]);
    const replay = await h.must('replayConnection', {
      connectionId: original.id,
      target: { kind: 'address', host: '127.0.0.1', port: echoPort },
      writes: [
        { format: 'text', value: 'GET /b HTTP/1.1\\r\\n' },
        { format: 'hex', value: '48 6f 73 74 3a 20 79 0d 0a 0d 0a' },
      ],
    });
    await h.waitForConnection(replay.id, closed, 'the replay to finish');
    assert.equal(
      (await bytesOf(h, replay.id, 'in')).toString('latin1'),
      'GET /b HTTP/1.1\r\nHost: y\r\n\r\n',
    );
  });

  it('a refused target gives UPSTREAM_REFUSED on the replay', async () => {
    const original = await recordConversation(h, capturePort, [Buffer.from('x')]);
    const closedPort = await h.must('suggestPort', { host: '127.0.0.1' });
    const replay = await h.must('replayConnection', {
      connectionId: original.id,
      target: { kind: 'address', host: '127.0.0.1', port: closedPort.port },
    });
    const done = await h.waitForConnection(replay.id, closed, 'the refused replay');
    assert.equal(done.error?.code, 'UPSTREAM_REFUSED');
    assert.equal(done.endReason, 'upstream-failed');
    assert.equal(done.upstream?.state, 'failed');
  });

  it('a target that resets mid-stream gives UPSTREAM_RESET and keeps what was sent', async (t) => {
    const server: Server = createServer((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.after(() => server.close());
    const port = (server.address() as { port: number }).port;
    // Recorded against the echo port, so taking turns waits for an answer after the first line:
    // the reset lands while the replay still has lines to send.
    const original = await recordConversation(
      h,
      echoPort,
      Array.from({ length: 20 }, (_, i) => Buffer.from(`line ${i}\n`)),
    );
    const replay = await h.must('replayConnection', {
      connectionId: original.id,
      target: { kind: 'address', host: '127.0.0.1', port },
      pacing: 'turns',
    });
    const done = await h.waitForConnection(replay.id, closed, 'the reset replay');
    assert.equal(done.error?.code, 'UPSTREAM_RESET', JSON.stringify(done.error));
    assert.ok(done.in.captured > 0 && done.in.captured < original.in.captured);
  });

  it('a target off this machine needs confirmation', async () => {
    const original = await recordConversation(h, capturePort, [Buffer.from('x')]);
    const before = (await h.must('getStats', {})).connectionsTotal;
    // TEST-NET-1 (RFC 5737): never routed; refused before any packet is sent.
    const result = await h.call('replayConnection', {
      connectionId: original.id,
      target: { kind: 'address', host: '192.0.2.1', port: 80 },
    });
    assert.equal(result.ok ? 'ok' : result.error.code, 'REPLAY_TARGET_REMOTE');
    assert.equal((await h.must('getStats', {})).connectionsTotal, before, 'no replay started');
  });

  it('a connection whose client sent nothing has nothing to replay', async () => {
    const original = await recordConversation(h, capturePort, []);
    const result = await h.call('replayConnection', { connectionId: original.id });
    assert.equal(result.ok ? 'ok' : result.error.code, 'REPLAY_NOTHING_TO_SEND');
  });

  it('UDP replays datagram by datagram and records the answers', async (t) => {
    const udpEcho = await h.must('openListener', {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'echo' },
    });
    const udpCapture = await h.must('openListener', {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
    });
    const client = await udpPeer('127.0.0.1');
    t.after(() => client.close());
    for (const d of ['one', 'two', 'three']) await client.send(d, udpCapture.port ?? 0);
    const original = await h.waitFor(async () => {
      const list = await h.must('listConnections', {});
      const conn = list.connections.find((c) => c.listenerId === udpCapture.id);
      return conn !== undefined && conn.in.received === 11 ? conn : undefined;
    }, 'three datagrams recorded');
    const replay = await h.must('replayConnection', {
      connectionId: original.id,
      target: { kind: 'address', host: '127.0.0.1', port: udpEcho.port ?? 0 },
      pacing: 'turns',
    });
    const done = await h.waitForConnection(replay.id, closed, 'the UDP replay');
    assert.equal(done.protocol, 'udp');
    assert.equal(done.endReason, 'replay-finished');
    const chunks = await chunksOf(h, replay.id);
    assert.deepEqual(
      chunks.filter((c) => c.direction === 'in').map((c) => c.length),
      [3, 3, 5],
    );
    assert.equal((await bytesOf(h, replay.id, 'out')).toString(), 'onetwothree');
  });
});
