// The UDP worker thread stopping under open ports (it threw, or ran out of memory): a new thread
// binds each socket again on its address and port, so the ports keep capturing and say that
// what arrived in between was lost; a thread that keeps stopping is not restarted forever, and
// its ports close saying why. In a file of its own: the restart budget is per process.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CAPTURE } from '../../../shared/behaviours';
import type { ListenerInfo, ListenHost } from '../../../shared/model';
import { udpWorkerThread } from '../../../engine/udp/udp-thread';
import { startEngine, type Harness } from '../../support/engine-harness';
import { udpPeer, type Peer } from '../../support/udp-client';

let h: Harness;
before(() => {
  h = startEngine();
});
after(() => h.close());

async function listener(id: string): Promise<ListenerInfo | undefined> {
  return (await h.must('listListeners', {})).find((l) => l.id === id);
}

/** The port's conversations with `peer` (a closed port's end; its reopening starts new ones). */
async function conversationsWith(listenerId: string, peer: Peer) {
  const { connections } = await h.must('listConnections', {});
  return connections.filter((c) => c.listenerId === listenerId && c.remotePort === peer.port);
}

/** Datagrams the port has captured from `peer`, over all its conversations. */
async function capturedFrom(listenerId: string, peer: Peer): Promise<number> {
  const conversations = await conversationsWith(listenerId, peer);
  return conversations.reduce((sum, c) => sum + c.in.chunks, 0);
}

/**
 * Send from `peer` until the port has captured one more datagram than before: right after a
 * restart the socket may not be bound again yet, and UDP does not retry.
 */
async function sendUntilCaptured(listenerId: string, peer: Peer, port: number): Promise<void> {
  const before = await capturedFrom(listenerId, peer);
  await h.waitFor(async () => {
    await peer.send('probe', port);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (await capturedFrom(listenerId, peer)) > before ? true : undefined;
  }, 'the port to capture again');
}

/** Stop the running worker thread from outside, as a crash would. */
async function stopWorker(): Promise<void> {
  const worker = udpWorkerThread();
  assert.ok(worker, 'a worker thread runs');
  await worker.terminate();
}

describe('a UDP worker thread that stops', () => {
  let v4: { id: string; port: number };
  let dual: { id: string; port: number };
  let peer4: Peer;
  let peer6: Peer;

  before(async () => {
    const open = async (host: ListenHost) => {
      const l = await h.must('openListener', {
        protocol: 'udp',
        host,
        port: 0,
        behaviour: CAPTURE,
        faults: {},
      });
      return { id: l.id, port: l.port ?? 0 };
    };
    v4 = await open('127.0.0.1');
    dual = await open('localhost');
    peer4 = await udpPeer('127.0.0.1');
    peer6 = await udpPeer('::1');
  });
  after(async () => {
    await peer4.close();
    await peer6.close();
  });

  it('binds every port again in a new thread: they keep capturing, and say what was lost', async () => {
    await peer4.send('before', v4.port);
    await h.waitFor(
      async () => ((await capturedFrom(v4.id, peer4)) === 1 ? true : undefined),
      'the first datagram',
    );
    const first = udpWorkerThread();
    await stopWorker();

    for (const id of [v4.id, dual.id]) {
      const info = await h.waitFor(async () => {
        const l = await listener(id);
        return l?.notice?.code === 'UDP_READER_RESTARTED' ? l : undefined;
      }, 'the port to say its reader restarted');
      assert.equal(info.state, 'open');
      assert.equal(info.error, null);
      assert.match(info.notice?.message ?? '', /datagrams that reached UDP port .* were lost/);
    }
    assert.notEqual(udpWorkerThread(), first, 'a new thread');

    // Same ports, same conversations: the peer's next datagram joins what was captured before.
    await peer4.send('after', v4.port);
    await h.waitFor(
      async () => ((await capturedFrom(v4.id, peer4)) === 2 ? true : undefined),
      'the datagram after the restart',
    );
    assert.equal((await conversationsWith(v4.id, peer4)).length, 1, 'one conversation throughout');
    // Both families of the localhost port are bound again.
    await sendUntilCaptured(dual.id, peer4, dual.port);
    await sendUntilCaptured(dual.id, peer6, dual.port);
  });

  it('is not restarted forever: once it keeps stopping, its ports close and say why', async () => {
    // Two more restarts fit in the budget of three a minute (the test above used one), the
    // second while the first's sockets may still be being bound again.
    for (let i = 0; i < 2; i++) {
      const before = udpWorkerThread();
      await stopWorker();
      await h.waitFor(async () => {
        const thread = udpWorkerThread();
        return thread !== null && thread !== before ? true : undefined;
      }, 'the thread to be restarted');
    }
    await sendUntilCaptured(v4.id, peer4, v4.port);
    assert.equal((await listener(v4.id))?.state, 'open');

    await stopWorker();
    for (const id of [v4.id, dual.id]) {
      const info = await h.waitFor(async () => {
        const l = await listener(id);
        return l?.state === 'closed' && l.error !== null ? l : undefined;
      }, 'the port to close with an error');
      assert.equal(info.error?.code, 'UDP_READER_LOST');
      assert.match(info.error?.message ?? '', /4 times within a minute/);
    }
    assert.equal(udpWorkerThread(), null, 'no thread left behind');
    // What was captured is kept.
    const kept = await capturedFrom(v4.id, peer4);
    assert.ok(kept >= 3, `${kept} datagrams kept`);

    // Opening the port again works: a new thread, capturing.
    const reopened = await h.must('reopenListener', { id: v4.id });
    assert.equal(reopened.state, 'open');
    assert.equal(reopened.error, null);
    assert.equal(reopened.port, v4.port);
    await sendUntilCaptured(v4.id, peer4, v4.port);
    await h.call('closeListener', { id: v4.id });
  });
});
