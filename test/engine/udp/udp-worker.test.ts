// UDP sockets are read in a worker thread (engine/udp/udp-worker.ts), so a pause of the engine's
// own thread no longer stops the reading: a burst that arrives while the engine is blocked waits
// in the worker, not in the kernel's receive buffer, where what does not fit is dropped.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import { once } from 'node:events';
import { CAPTURE } from '../../../shared/behaviours';
import { describeBindFailure } from '../../../engine/net/bind-failure';
import { udpBinder } from '../../../engine/udp/udp-bind';
import { WANTED_RECEIVE_BUFFER } from '../../../engine/udp/receive-buffer';
import { MAX_IN_FLIGHT_BYTES } from '../../../engine/udp/udp-worker-protocol';
import { bindThreadSocket, udpWorkerThread } from '../../../engine/udp/udp-thread';
import { startEngine, type Harness } from '../../support/engine-harness';
import { boundSocket, closeSocket, udpPeer, type Peer } from '../../support/udp-client';
import { within } from '../../support/within';

let h: Harness;
before(() => {
  h = startEngine();
});
after(() => h.close());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openCapture(behaviour = CAPTURE): Promise<{ id: string; port: number }> {
  const listener = await h.must('openListener', {
    protocol: 'udp',
    host: '127.0.0.1',
    port: 0,
    behaviour,
    faults: {},
  });
  cleanups.push(async () => void (await h.call('closeListener', { id: listener.id })));
  assert.equal(listener.state, 'open');
  return { id: listener.id, port: listener.port ?? 0 };
}

/** Datagram `i` of a burst: its index, then bytes that depend on it and their position. */
function datagram(i: number, size: number): Buffer {
  const data = Buffer.alloc(size);
  data.writeUInt32BE(i, 0);
  for (let j = 4; j < size; j++) data[j] = (i * 31 + j) & 0xff;
  return data;
}

const DATAGRAM_SOURCE = datagram.toString();

/**
 * At most how many `size`-byte datagrams the kernel can hold for a socket nobody reads: Linux
 * doubles the granted receive buffer (what Porthole asks for, capped by net.core.rmem_max) and
 * charges each datagram at least its size. Elsewhere, Porthole's own request bounds it.
 */
function kernelHoldsAtMost(size: number): number {
  let cap = WANTED_RECEIVE_BUFFER;
  try {
    cap = Math.min(cap, Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim()));
  } catch {
    // Not Linux: the request is the bound.
  }
  return Math.ceil((2 * cap) / size);
}

describe('a burst while the engine thread is blocked', () => {
  it('is read by the worker: more captured than the kernel could hold, in order, exact', async (t) => {
    const { id, port } = await openCapture();
    const size = 4096;
    const held = kernelHoldsAtMost(size);
    // More than the kernel's buffer holds (so what the engine thread could read after the block
    // is at most `held`), and under the worker's own limit of bytes it may get ahead of the engine.
    const sent = Math.min(Math.max(2000, Math.ceil(1.5 * held)), 7000);
    assert.ok(sent > held && sent * size < MAX_IN_FLIGHT_BYTES, 'the burst fits the test');
    // spawnSync blocks this thread — and the engine on it — for the whole burst and at least
    // 200 ms. The sender goes in small paced batches, as a busy client would, so the worker has
    // a fair chance even on a loaded machine: the kernel buffer covers a short stall of its own.
    const sender = spawnSync(
      process.execPath,
      [
        '-e',
        `${DATAGRAM_SOURCE}
         const s = require('node:dgram').createSocket('udp4');
         const started = Date.now();
         let left = ${sent}, pending = ${sent}, i = 0;
         const sentOne = (error) => {
           if (error) throw error;
           if (--pending === 0) setTimeout(() => s.close(), Math.max(0, 200 - (Date.now() - started)));
         };
         (function burst() {
           for (let n = 0; n < 16 && left > 0; n++, left--) {
             s.send(datagram(i++, ${size}), ${port}, '127.0.0.1', sentOne);
           }
           if (left > 0) setTimeout(burst, 1);
         })();`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(sender.status, 0, sender.stderr);

    // The OS's drop count is read once a second: wait until captured + dropped adds up.
    const settled = await h.waitFor(async () => {
      const info = (await h.must('listListeners', {})).find((l) => l.id === id);
      const conv = (await h.must('listConnections', {})).connections.find(
        (c) => c.listenerId === id,
      );
      const captured = conv?.in.chunks ?? 0;
      const drops = info?.osDrops ?? 0;
      return captured + drops === sent && conv !== undefined
        ? { conv, captured, drops }
        : undefined;
    }, 'captured + OS drops to add up to what was sent');
    t.diagnostic(`${settled.captured} of ${sent} captured, ${settled.drops} dropped by the OS`);
    assert.ok(
      settled.captured > held,
      `${settled.captured} captured: more than the ${held} the kernel could hold while the engine was blocked`,
    );

    // Boundaries, order and bytes: one chunk record per datagram, each exactly one that was sent,
    // in the order sent (a datagram the OS dropped is missing, never reordered or torn).
    const connectionId = settled.conv.id;
    const records = await h.must('readChunks', { connectionId, from: 0, count: sent + 100 });
    const inbound = records.filter((r) => r.direction === 'in');
    assert.equal(inbound.length, settled.captured);
    for (const [i, record] of inbound.entries()) {
      assert.equal(record.length, size, `datagram ${i} is one chunk of its own size`);
      assert.equal(record.offset, i * size);
      if (i > 0) assert.ok(record.at >= (inbound[i - 1]?.at ?? 0), 'times in order');
    }
    const PAGE = 256 * size;
    let last = -1;
    for (let offset = 0; offset < settled.captured * size; offset += PAGE) {
      const read = await h.must('readPayload', {
        connectionId,
        direction: 'in',
        offset,
        length: PAGE,
      });
      const bytes = Buffer.from(read.data, 'base64');
      for (let at = 0; at < bytes.length; at += size) {
        const got = bytes.subarray(at, at + size);
        const index = got.readUInt32BE(0);
        assert.ok(index > last && index < sent, `datagram ${index} in order after ${last}`);
        if (!got.equals(datagram(index, size))) assert.fail(`datagram ${index} differs`);
        last = index;
      }
    }
  });
});

describe('sending through the worker', () => {
  it('echo answers each datagram to the peer that sent it, in order', async () => {
    const { id, port } = await openCapture({ kind: 'echo' });
    const peers: Peer[] = [];
    for (let p = 0; p < 3; p++) {
      const peer = await udpPeer();
      cleanups.push(() => peer.close());
      peers.push(peer);
    }
    const each = 200;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < each; i++) {
      for (const [p, peer] of peers.entries()) sends.push(peer.send(`${p}:${i}`, port));
    }
    await Promise.all(sends);
    for (const [p, peer] of peers.entries()) {
      const got: string[] = [];
      for (let i = 0; i < each; i++) got.push((await peer.next()).data.toString());
      assert.deepEqual(
        got,
        Array.from({ length: each }, (_, i) => `${p}:${i}`),
      );
    }
    const listed = await h.waitFor(async () => {
      const info = (await h.must('listListeners', {})).find((l) => l.id === id);
      return info?.bytesOut === info?.bytesIn && (info?.bytesIn ?? 0) > 0 ? info : undefined;
    }, 'every echo recorded out');
    assert.equal(listed.connectionsTotal, 3);
  });
});

describe('the socket in the worker', () => {
  it('sends in order and reports a refused datagram to its sender only', async () => {
    const socket = await bindThreadSocket('127.0.0.1', false, 0);
    cleanups.push(() => socket.close());
    const peer = await udpPeer();
    cleanups.push(() => peer.close());
    const refused: Error[] = [];
    let heard: () => void = () => undefined;
    const reported = new Promise<void>((resolve) => (heard = resolve));
    const unexpected = (error: Error): void =>
      assert.fail(`unexpected send error: ${error.message}`);
    socket.send(Buffer.from('one'), peer.port, '127.0.0.1', unexpected);
    // An IPv6 destination on an IPv4 socket: the OS answers EINVAL, after the call returned.
    socket.send(Buffer.from('lost'), peer.port, '::1', (error) => {
      refused.push(error);
      heard();
    });
    socket.send(Buffer.from('two'), peer.port, '127.0.0.1', unexpected);
    socket.send(Buffer.alloc(0), peer.port, '127.0.0.1', unexpected);
    const got = [await peer.next(), await peer.next(), await peer.next()];
    assert.deepEqual(
      got.map((d) => d.data.toString()),
      ['one', 'two', ''],
    );
    assert.ok(
      got.every((d) => d.from.port === socket.address().port),
      'sent from the socket',
    );
    await within(reported, 'the refusal to be reported');
    assert.equal(refused.length, 1);
    assert.equal((refused[0] as Error & { code?: string }).code, 'EINVAL');
  });

  it('a failed bind rejects with the same error as a bind on this thread', async () => {
    const holder = await boundSocket('127.0.0.1');
    cleanups.push(() => closeSocket(holder));
    const port = holder.address().port;
    const here = await new Promise<Error>((resolve) => {
      const probe = boundSocket('127.0.0.1', port);
      probe.then((s) => void closeSocket(s).then(() => resolve(new Error('bound twice'))), resolve);
    });
    const address = { address: '127.0.0.1', family: 'IPv4', optional: false } as const;
    const there = await udpBinder.bindOne(address, port).then(
      () => new Error('bound twice'),
      (error: unknown) => error as Error,
    );
    const fields = (e: Error) => {
      const { code, errno, syscall, address: a, port: p } = e as Error & Record<string, unknown>;
      return { message: e.message, code, errno, syscall, address: a, port: p };
    };
    assert.equal(fields(here).code, 'EADDRINUSE');
    assert.deepEqual(fields(there), fields(here));

    // And through the engine: the same explanation (code, holders, next free port).
    const failed = await h.call('openListener', { protocol: 'udp', host: '127.0.0.1', port });
    assert.ok(!failed.ok);
    const expected = await describeBindFailure(here, { protocol: 'udp', host: '127.0.0.1', port });
    assert.deepEqual(failed.error, expected);
    assert.ok(
      failed.error.holders?.some((x) => x.pid === process.pid),
      'this process holds it',
    );
  });
});

describe('the worker thread', () => {
  it('ends when the last UDP port closes, and a new port starts a new one', async () => {
    const first = await h.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
    const second = await h.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
    const worker = udpWorkerThread();
    assert.ok(worker !== null, 'a worker runs while UDP ports are open');
    let exited = false;
    const exit = once(worker, 'exit').then(() => (exited = true));
    await h.must('closeListener', { id: first.id });
    assert.equal(exited, false, 'still serving the other port');
    assert.equal(udpWorkerThread(), worker, 'one thread for both ports');
    await h.must('closeListener', { id: second.id });
    await within(exit, 'the worker to exit');
    assert.equal(udpWorkerThread(), null);

    const again = await h.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
    const next = udpWorkerThread();
    assert.ok(next !== null && next !== worker);
    const nextExit = once(next, 'exit');
    await h.must('closeListener', { id: again.id });
    await within(nextExit, 'the second worker to exit');
  });

  it('ends with the engine, whose ports it served', async () => {
    const other = startEngine();
    await other.must('openListener', { protocol: 'udp', host: 'localhost', port: 0 });
    const worker = udpWorkerThread();
    assert.ok(worker !== null);
    const exit = once(worker, 'exit');
    await other.close();
    await within(exit, 'the worker to exit with the engine');
    assert.equal(udpWorkerThread(), null);
  });
});
