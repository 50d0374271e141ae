// Echo and fixed-reply ports on real loopback sockets: exact bytes both ways, backpressure,
// replies on connect and per chunk, close after reply, hex and escapes, talk-back.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import type { BehaviourInput } from '../../../shared/behaviours';
import {
  collect,
  connectClient,
  once,
  startEngine,
  type Harness,
} from '../../support/engine-harness';
import {
  capturedHash,
  MiB,
  receiveStream,
  sendStream,
  sha256,
  socketOutcome,
  waitForStall,
} from '../../support/traffic';
import { within } from '../../support/within';

/** The next data a socket receives. */
const nextData = (socket: Socket): Promise<Buffer> =>
  new Promise((resolve) => socket.once('data', resolve));

async function openPort(h: Harness, behaviour: BehaviourInput): Promise<number> {
  const listener = await h.must('openListener', { host: '127.0.0.1', port: 0, behaviour });
  assert.ok(listener.port !== null);
  return listener.port;
}

/** The id of the n-th connection the engine accepted (counted at the engine). */
async function accepted(h: Harness, n: number): Promise<number> {
  await h.waitForStats((s) => s.connectionsTotal >= n, `${n} accepted connection(s)`);
  return n;
}

describe('echo', () => {
  it('sends back exactly what arrives (8 MB random, sha256 both ways) and then the FIN', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'echo' });
    const client = await connectClient(port);
    const received = receiveStream(client);
    const sentHash = await within(sendStream(client, 8 * MiB, 1), 'the echo to take 8 MiB');
    const got = await within(received, 'the 8 MiB echoed and the FIN');
    assert.equal(got.bytes, 8 * MiB);
    assert.equal(got.hash, sentHash);
    assert.ok(got.ended, 'the client FIN came back after the echoed bytes');

    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.behaviour, 'echo');
    assert.equal(conn.endReason, 'client-closed');
    assert.equal(conn.in.received, 8 * MiB);
    assert.equal(conn.out.received, 8 * MiB);
    assert.equal(await capturedHash(h, 1, 'in'), sentHash);
    assert.equal(await capturedHash(h, 1, 'out'), sentHash);
  });

  it('stops reading a client that sends but does not read, and resumes when it reads', async (t) => {
    const h = startEngine({ limits: { perConnectionBytes: 4 * MiB } });
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'echo' });
    const client = await connectClient(port);
    client.pause();
    let written = 0;
    const sending = sendStream(client, 64 * MiB, 2, { onProgress: (n) => (written = n) });
    // The sender stalls once the kernel buffers and our 1 MiB queue are full.
    const stalled = await waitForStall(() => written, 'the sender');
    const conn = await h.must('getConnection', { id: 1 });
    assert.ok(stalled < 32 * MiB, `sender stalled after ${stalled} bytes`);
    assert.ok(
      conn.in.received - conn.out.received <= 2 * MiB,
      `echo holds at most about its queue: in ${conn.in.received}, out ${conn.out.received}`,
    );
    const received = receiveStream(client);
    client.resume();
    const sentHash = await within(sending, 'the sender to finish once the client reads', 60_000);
    const got = await within(received, 'the 64 MiB echoed and the FIN', 60_000);
    assert.equal(got.bytes, 64 * MiB);
    assert.equal(got.hash, sentHash);
  });
});

describe('fixed reply', () => {
  it('greets on connect and leaves the connection open', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, {
      kind: 'reply',
      onConnect: { format: 'text', value: '220 hello\\r\\n' },
    });
    const client = await connectClient(port);
    const greeting = await within(nextData(client), 'the greeting');
    assert.equal(greeting.toString(), '220 hello\r\n');
    const open = await h.waitForConnection(await accepted(h, 1), (c) => c.out.received === 11);
    assert.equal(open.state, 'open', 'no close without closeAfterReply');
    const rest = collect(client);
    client.end('QUIT\r\n');
    assert.equal((await within(rest, 'the close after the client FIN')).length, 0);
    const closed = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(closed.endReason, 'client-closed');
    assert.equal(closed.in.received, 6);
  });

  it('answers every chunk it receives', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'reply', onData: { format: 'text', value: 'ok\\n' } });
    const client = await connectClient(port);
    for (let i = 0; i < 3; i++) {
      const reply = nextData(client);
      client.write(`req ${i}\n`);
      assert.equal((await within(reply, `the reply to request ${i}`)).toString(), 'ok\n');
    }
    client.end();
    await within(once(client, 'close'), 'the close after the client FIN');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.out.received, 9);
    assert.equal(conn.out.chunks, 3);
    assert.equal(conn.endReason, 'client-closed');
  });

  it('closes after the first per-chunk reply (closed-by-behaviour), greeting first', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, {
      kind: 'reply',
      onConnect: { format: 'text', value: 'hi\\n' },
      onData: { format: 'text', value: 'bye\\n' },
      closeAfterReply: true,
    });
    const client = await connectClient(port);
    const all = collect(client);
    // Wait for the greeting, proving the greeting alone did not close the connection.
    await within(nextData(client), 'the greeting');
    client.write('anything');
    assert.equal((await within(all, 'the reply, then the close')).toString(), 'hi\nbye\n');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'closed-by-behaviour');
    assert.equal(conn.in.received, 8);
  });

  it('closes after the greeting when there is no per-chunk reply', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, {
      kind: 'reply',
      onConnect: { format: 'text', value: 'busy\\r\\n' },
      closeAfterReply: true,
    });
    const client = await connectClient(port);
    const all = collect(client);
    assert.equal((await within(all, 'the greeting, then the close')).toString(), 'busy\r\n');
    const conn = await h.waitForConnection(1, (c) => c.state === 'closed');
    assert.equal(conn.endReason, 'closed-by-behaviour');
  });

  it('sends hex and escaped text byte for byte', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, {
      kind: 'reply',
      onConnect: { format: 'hex', value: '0xDE AD:be-ef 00 ff' },
      onData: { format: 'text', value: 'é\\t\\0\\x7f\\e\\\\' },
    });
    const client = await connectClient(port);
    const greeting = await within(nextData(client), 'the hex greeting');
    assert.deepEqual([...greeting], [0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]);
    const reply = nextData(client);
    client.write('x');
    const bytes = await within(reply, 'the escaped-text reply');
    assert.deepEqual([...bytes], [0xc3, 0xa9, 0x09, 0x00, 0x7f, 0x1b, 0x5c]);
    client.destroy();
  });
});

describe('talk-back and user close', () => {
  it('sendData reaches the client and is recorded; refused once our side ended or closed', async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'capture' });
    const client = await connectClient(port);
    const id = await accepted(h, 1);
    const payload = randomBytes(1000).toString('hex');
    const arrived = collect(client);
    const sent = await h.must('sendData', {
      connectionId: id,
      data: { format: 'hex', value: payload },
    });
    assert.equal(sent.bytes, 1000);
    await h.waitForConnection(id, (c) => c.out.received === 1000);
    assert.equal(await capturedHash(h, id, 'out'), sha256(Buffer.from(payload, 'hex')));
    // Client FIN: capture ends our side, so talk-back is no longer possible.
    client.end();
    await within(once(client, 'end'), 'our FIN after the client FIN');
    const late = await h.call('sendData', {
      connectionId: id,
      data: { format: 'text', value: 'x' },
    });
    const code = !late.ok && late.error.code;
    assert.ok(code === 'CONNECTION_NOT_WRITABLE' || code === 'CONNECTION_CLOSED', String(code));
    assert.equal((await within(arrived, 'the talk-back and the close')).toString('hex'), payload);
    await h.waitForConnection(id, (c) => c.state === 'closed');
    const closed = await h.call('sendData', {
      connectionId: id,
      data: { format: 'text', value: 'x' },
    });
    assert.equal(!closed.ok && closed.error.code, 'CONNECTION_CLOSED');
  });

  it("closeConnection mode 'reset' sends RST: client sees ECONNRESET, reason reset-by-user", async (t) => {
    const h = startEngine();
    t.after(() => h.close());
    const port = await openPort(h, { kind: 'echo' });
    const client = await connectClient(port);
    const outcome = socketOutcome(client);
    client.resume();
    const id = await accepted(h, 1);
    const closed = await h.must('closeConnection', { id, mode: 'reset' });
    assert.equal(closed.state, 'closed');
    assert.equal(closed.endReason, 'reset-by-user');
    assert.equal(await within(outcome, 'the client to be reset'), 'ECONNRESET');
  });
});
