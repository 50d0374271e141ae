// Mock ports on real loopback sockets: a recorded conversation answers new clients turn by turn
// (or on its schedule), over TCP and UDP, and the first point where a client differs is marked.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ConnectionInfo } from '../../../shared/model';
import { connectClient, startEngine, type Harness } from '../../support/engine-harness';
import { udpPeer } from '../../support/udp-client';
import { readUntil } from '../../support/read-until';

/** A line service: greets on connect, answers each line with "OK <line>". */
async function lineService(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.write('HELLO\r\n');
    let pending = '';
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        socket.write(`OK ${pending.slice(0, nl)}\n`);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    });
    socket.on('end', () => socket.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

describe('mock from a recording', () => {
  let h: Harness;
  let recording: ConnectionInfo;
  before(async () => {
    h = startEngine();
    // Record a session through a relay, then stop the real service.
    const { server, port } = await lineService();
    const relay = await h.must('openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'relay', host: '127.0.0.1', port },
    });
    const client = await connectClient(relay.port ?? 0);
    await readUntil(client, 'HELLO\r\n');
    client.write('A\n');
    await readUntil(client, 'OK A\n');
    client.write('B\n');
    await readUntil(client, 'OK B\n');
    client.end();
    recording = await h.waitFor(async () => {
      const list = await h.must('listConnections', {});
      const conn = list.connections.find((c) => c.listenerId === relay.id);
      return conn?.state === 'closed' ? conn : undefined;
    }, 'the recorded session to close');
    server.close();
  });
  after(() => h.close());

  const openMock = (
    patch: { timing?: 'turns' | 'schedule'; onDivergence?: 'continue' | 'reset' } = {},
  ) =>
    h.must('openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'mock', connectionId: recording.id, ...patch },
    });

  it('answers a new client like the recorded server, turn by turn', async () => {
    const mock = await openMock();
    assert.equal(mock.behaviour.kind, 'mock');
    const client = await connectClient(mock.port ?? 0);
    assert.equal(await readUntil(client, 'HELLO\r\n'), 'HELLO\r\n');
    // Nothing more until the client's turn: the answer waits for "A\n".
    client.write('A');
    client.write('\n');
    assert.equal(await readUntil(client, 'OK A\n'), 'OK A\n');
    client.write('B\n');
    assert.equal(await readUntil(client, 'OK B\n'), 'OK B\n');
    client.end();
    await once(client, 'close');
    const list = await h.must('listConnections', {});
    const served = list.connections.find((c) => c.listenerId === mock.id);
    assert.ok(served);
    const done = await h.waitForConnection(served.id, (c) => c.state === 'closed');
    assert.equal(done.behaviour, 'mock');
    assert.equal(done.divergedAt, null);
    assert.equal(done.out.received, recording.out.received);
  });

  it('marks where a client first differs, and carries on', async () => {
    const mock = await openMock();
    const client = await connectClient(mock.port ?? 0);
    await readUntil(client, 'HELLO\r\n');
    client.write('A\n');
    await readUntil(client, 'OK A\n');
    client.write('C\n');
    // Still answered with the recording's next turn.
    assert.equal(await readUntil(client, 'OK B\n'), 'OK B\n');
    client.end();
    const list = await h.must('listConnections', {});
    const served = list.connections.find((c) => c.listenerId === mock.id);
    assert.ok(served);
    const marked = await h.waitForConnection(served.id, (c) => c.divergedAt !== null);
    assert.equal(marked.divergedAt, 2, 'the "C" at offset 2 of the client bytes');
  });

  it('with "reset there" a differing client is reset at that point', async () => {
    const mock = await openMock({ onDivergence: 'reset' });
    const client = await connectClient(mock.port ?? 0);
    const errored = new Promise<string>((resolve) => {
      client.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
      client.on('close', () => resolve('closed'));
    });
    await readUntil(client, 'HELLO\r\n');
    client.write('X\n');
    assert.equal(await errored, 'ECONNRESET');
    const list = await h.must('listConnections', {});
    const served = list.connections.find((c) => c.listenerId === mock.id);
    assert.ok(served);
    const done = await h.waitForConnection(served.id, (c) => c.state === 'closed');
    assert.equal(done.endReason, 'diverged-reset');
    assert.equal(done.divergedAt, 0);
  });

  it('on the recorded schedule, answers come whatever the client sends', async () => {
    const mock = await openMock({ timing: 'schedule' });
    const client = await connectClient(mock.port ?? 0);
    // The client says nothing; every recorded answer still arrives, in order.
    assert.equal(await readUntil(client, 'OK B\n'), 'HELLO\r\nOK A\nOK B\n');
    client.destroy();
  });

  it('refuses a recording that is not in the live capture, or of the other protocol', async () => {
    const missing = await h.call('openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'mock', connectionId: 999_999 },
    });
    assert.equal(missing.ok ? 'ok' : missing.error.code, 'MOCK_SOURCE_MISSING');
    const udp = await h.call('openListener', {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'mock', connectionId: recording.id },
    });
    assert.equal(udp.ok ? 'ok' : udp.error.code, 'BEHAVIOUR_UNSUPPORTED');
  });

  it('UDP: each datagram is answered with the recorded replies to the same datagram', async (t) => {
    const echo = await h.must('openListener', {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'reply', onData: { format: 'text', value: 'pong' } },
    });
    const peer = await udpPeer('127.0.0.1');
    t.after(() => peer.close());
    await peer.send('ping-1', echo.port ?? 0);
    await peer.next();
    await peer.send('ping-2', echo.port ?? 0);
    await peer.next();
    const recorded = await h.waitFor(async () => {
      const list = await h.must('listConnections', {});
      const conn = list.connections.find((c) => c.listenerId === echo.id);
      return conn !== undefined && conn.out.chunks === 2 ? conn : undefined;
    }, 'two recorded exchanges');
    const mock = await h.must('openListener', {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'mock', connectionId: recorded.id },
    });
    const client = await udpPeer('127.0.0.1');
    t.after(() => client.close());
    await client.send('ping-1', mock.port ?? 0);
    assert.equal((await client.next()).data.toString(), 'pong');
    await client.send('ping-X', mock.port ?? 0);
    assert.equal((await client.next()).data.toString(), 'pong');
    const served = await h.waitFor(async () => {
      const list = await h.must('listConnections', {});
      const conn = list.connections.find((c) => c.listenerId === mock.id);
      return conn?.divergedAt !== null && conn !== undefined ? conn : undefined;
    }, 'the divergence mark');
    assert.equal(served.divergedAt, 6 + 5, 'the "X" of the second datagram');
  });
});
