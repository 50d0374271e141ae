// Protocol detection through the real engine: real clients (node:http, node:tls, raw sockets,
// dgram) against capture, echo and HTTP-responder ports; ConnectionInfo.detected is read back
// through the contract as the UI reads it.

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { BehaviourInput } from '../../../shared/behaviours';
import type { ConnectionInfo, Detection } from '../../../shared/model';
import { collect, connectClient, startEngine, type Harness } from '../../support/engine-harness';
import { udpPeer } from '../../support/udp-client';

let h: Harness;
const cleanups: (() => unknown)[] = [];

beforeEach(() => {
  h = startEngine();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await h.close();
});

async function openPort(behaviour: BehaviourInput = { kind: 'capture' }): Promise<number> {
  const listener = await h.must('openListener', { host: '127.0.0.1', port: 0, behaviour });
  assert.ok(listener.port !== null);
  return listener.port;
}

/** Connection #1 (the first the engine accepted) once its detection matches. */
function detected(expected: Detection): Promise<ConnectionInfo> {
  return h.waitForConnection(
    1,
    (c) => c.detected.in === expected.in && c.detected.out === expected.out,
    `detected ${JSON.stringify(expected)}`,
  );
}

describe('detection in the engine', () => {
  test('a node:http request to a capture port is http', async () => {
    const port = await openPort();
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/hooks/42' });
    req.on('error', () => undefined);
    cleanups.push(() => req.destroy());
    req.end('{"event":"ping"}');
    const conn = await detected({ in: 'http', out: null });
    assert.equal(conn.protocol, 'tcp');
  });

  test('a node:tls client to a capture port is tls', async () => {
    const port = await openPort();
    const client = tlsConnect({ port, host: '127.0.0.1', servername: 'localhost' });
    client.on('error', () => undefined);
    cleanups.push(() => client.destroy());
    await detected({ in: 'tls', out: null });
  });

  test('an accepted WebSocket upgrade turns both directions into websocket', async () => {
    const port = await openPort({
      kind: 'http',
      status: 101,
      headers: [
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
      ],
    });
    const client = await connectClient(port);
    cleanups.push(() => client.destroy());
    const reply = collect(client);
    client.write(
      'GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await detected({ in: 'websocket', out: 'websocket' });
    client.end();
    assert.match((await reply).toString('latin1'), /^HTTP\/1\.1 101 /);
  });

  test('the same request answered 200 stays http', async () => {
    const port = await openPort({ kind: 'http', status: 200 });
    const client = await connectClient(port);
    cleanups.push(() => client.destroy());
    client.end('GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n\r\n');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed', 'closed');
    assert.deepEqual(conn.detected, { in: 'http', out: 'http' });
  });

  test('RESP through an echo port is redis both ways', async () => {
    const port = await openPort({ kind: 'echo' });
    const client = await connectClient(port);
    cleanups.push(() => client.destroy());
    client.write('*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n');
    await detected({ in: 'redis', out: 'redis' });
  });

  test('a UDP text datagram is text', async () => {
    const listener = await h.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
    assert.ok(listener.port !== null);
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    await peer.send('status?\n', listener.port);
    const conn = await detected({ in: 'text', out: null });
    assert.equal(conn.protocol, 'udp');
  });
});
