// Past captures through the contract: an engine records real traffic and stops; the next engine
// on the same data folder lists that capture and answers every read command from its file —
// same connections, same bytes, find and filters — while it records a capture of its own. Also:
// new capture with ports open, rename, delete, settings and retention.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_READ_BYTES } from '../../../shared/contract';
import type { ConnectionInfo } from '../../../shared/model';
import {
  collect,
  connectClient,
  ipv6Available,
  startEngine,
  type Harness,
} from '../../support/engine-harness';
import { capturedBytes, capturedHash, sha256, startServer } from '../../support/traffic';
import { udpPeer } from '../../support/udp-client';
import { within } from '../../support/within';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-past-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

let n = 0;
const freshDataDir = () => join(home, `data-${++n}`);

async function sendAndCollect(port: number, data: Uint8Array | string, host = '127.0.0.1') {
  const socket = await connectClient(port, host);
  const done = collect(socket);
  socket.end(data);
  await done;
}

/**
 * Polls until `probe` gives a value: a capture that is replaced finishes in the background, with
 * no event to await (it waits for its open connections, then writes their last records).
 */
function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  return within(
    (async () => {
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })(),
    what,
  );
}

async function allClosed(h: Harness): Promise<ConnectionInfo[]> {
  return h.waitFor(async () => {
    const all = (await h.must('listConnections', {})).connections;
    return all.every((c) => c.state === 'closed' || c.protocol === 'udp') ? all : undefined;
  }, 'every TCP connection to close');
}

describe('past captures', () => {
  it('after a restart the last capture opens with every connection and byte', async () => {
    const dataDir = freshDataDir();
    const a = startEngine({ persist: { dataDir }, version: 'test' });
    const upstream = await startServer((socket) => socket.pipe(socket));
    const hashes = new Map<string, string>();
    let before: ConnectionInfo[];
    try {
      const port = (await a.open(0, '127.0.0.1')).port ?? 0;
      await sendAndCollect(port, 'GET /héllo HTTP/1.1\r\nHost: x\r\n\r\n');
      await sendAndCollect(port, randomBytes(3 * MAX_READ_BYTES + 17));
      if (await ipv6Available()) {
        const six = (await a.open(0, '::1')).port ?? 0;
        await sendAndCollect(six, randomBytes(70_000), '::1');
      }
      const udp = await a.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
      const peer = await udpPeer();
      for (const word of ['one', 'two', 'three']) await peer.send(word, udp.port ?? 0);
      await a.waitForStats((s) => s.bytesReceived >= 3 * MAX_READ_BYTES + 28, 'the datagrams');
      await peer.close();
      const relay = await a.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'relay', host: '127.0.0.1', port: upstream.port },
      });
      await sendAndCollect(relay.port ?? 0, randomBytes(200_000));
      await allClosed(a);
      for (const c of (await a.must('listConnections', {})).connections) {
        for (const d of ['in', 'out'] as const) {
          hashes.set(`${c.id} ${d}`, await capturedHash(a, c.id, d));
        }
      }
      await a.close();
      // Closing ends the UDP conversation: its last state is the one to compare with.
      before = [...new Map(a.batches.flatMap((b) => b.connections).map((c) => [c.id, c])).values()];
    } finally {
      await a.close();
      await upstream.close();
    }

    const b = startEngine({ persist: { dataDir }, version: 'test' });
    try {
      const captures = await b.must('listCaptures', {});
      const past = captures.find((c) => !c.current);
      assert.ok(past !== undefined, 'the last capture is listed');
      assert.equal(past.interrupted, false);
      assert.equal(past.connections, before.length);
      assert.ok(past.endedAt !== null);
      assert.ok(past.fileBytes > 3 * MAX_READ_BYTES);

      const listed = await b.must('listConnections', { capture: past.id });
      assert.deepEqual(
        listed.connections.map((c) => ({
          ...c,
          chunkCount: 0,
          in: c.in.received,
          out: c.out.received,
        })),
        before
          .sort((x, y) => x.id - y.id)
          .map((c) => ({ ...c, chunkCount: 0, in: c.in.received, out: c.out.received })),
        'metadata as the engine last said it',
      );
      // Paged as the list asks for them: the newest first, then what lies below.
      const allIds = listed.connections.map((c) => c.id);
      assert.ok(allIds.length >= 3);
      const newest = await b.must('listConnections', { capture: past.id, newest: true, limit: 2 });
      assert.deepEqual(
        newest.connections.map((c) => c.id),
        allIds.slice(-2),
      );
      assert.equal(newest.nextAfterId, null);
      const beforeId = allIds[allIds.length - 2];
      const below = await b.must('listConnections', { capture: past.id, beforeId, limit: 1 });
      assert.deepEqual(
        below.connections.map((c) => c.id),
        allIds.slice(0, 1),
      );
      assert.equal(below.nextAfterId, allIds.length > 3 ? allIds[0] : null);
      for (const c of listed.connections) {
        assert.equal(c.in.captured + c.in.dropped, c.in.received);
        for (const d of ['in', 'out'] as const) {
          const bytes = await capturedBytes(b, c.id, d, past.id);
          assert.equal(sha256(bytes), hashes.get(`${c.id} ${d}`), `#${c.id} ${d}`);
        }
      }
      const ports = await b.must('listListeners', { capture: past.id });
      assert.ok(ports.length >= 3 && ports.every((p) => p.state === 'closed'));
      // Each port's figures are its connections' in this capture.
      for (const p of ports) {
        const mine = listed.connections.filter((c) => c.listenerId === p.id);
        assert.equal(p.connectionsTotal, mine.length, `port ${p.id}`);
        assert.equal(
          p.bytesIn,
          mine.reduce((sum, c) => sum + c.in.received, 0),
        );
      }

      const http = listed.connections[0];
      assert.ok(http !== undefined);
      const one = await b.must('getConnection', { capture: past.id, id: http.id });
      assert.deepEqual(one, http);
      const chunks = await b.must('readChunks', {
        capture: past.id,
        connectionId: http.id,
        from: 0,
        count: 10,
      });
      assert.equal(chunks[0]?.direction, 'in');
      const found = await b.must('findInPayload', {
        capture: past.id,
        connectionId: http.id,
        direction: 'in',
        pattern: { format: 'text', value: 'Host' },
      });
      assert.deepEqual(found.offsets, [Buffer.from('GET /héllo HTTP/1.1\r\n').length]);
      const withText = await b.must('findConnections', {
        capture: past.id,
        pattern: { format: 'text', value: 'héllo' },
      });
      assert.deepEqual(withText.ids, [http.id]);
      // The live capture is a different one, and empty.
      assert.deepEqual((await b.must('listConnections', {})).connections, []);
    } finally {
      await b.close();
    }
  });

  it('new capture keeps ports open; each capture holds its own connections', async () => {
    const dataDir = freshDataDir();
    const h = startEngine({ persist: { dataDir } });
    try {
      const port = (await h.open(0, '127.0.0.1')).port ?? 0;
      await sendAndCollect(port, 'first');
      await allClosed(h);
      const firstId = (await h.must('getStats', {})).persistence?.captureId;
      // One still open across the switch: it finishes in the capture it began in.
      const lingering = await connectClient(port);
      lingering.write('early ');
      await h.waitForStats((s) => s.bytesReceived >= 11, 'the lingering bytes');

      const { capture } = await h.must('newCapture', {});
      assert.ok(capture !== null && capture.current && capture.id !== firstId);
      const live = (await h.must('listConnections', {})).connections;
      assert.deepEqual(
        live.map((c) => c.state),
        ['open'],
        'closed ones left the live view',
      );
      await sendAndCollect(port, 'second');
      const ended = collect(lingering);
      lingering.end('late');
      await ended;
      await allClosed(h);

      const list = await h.must('listCaptures', {});
      assert.equal(list.length, 2);
      const old = list.find((c) => c.id === firstId);
      assert.ok(old !== undefined && !old.current);
      const oldConns = await until(async () => {
        const r = await h.must('listConnections', { capture: firstId ?? '' });
        return r.connections.length === 2 &&
          r.connections.every((c) => c.state === 'closed') &&
          !r.connections.some((c) => c.endReason === 'capture-interrupted')
          ? r.connections
          : undefined;
      }, 'the old capture to finish its open connection');
      const lingeringInfo = oldConns[1];
      assert.ok(lingeringInfo !== undefined);
      assert.equal(
        (await capturedBytes(h, lingeringInfo.id, 'in', firstId)).toString(),
        'early late',
      );
      // The running capture by id is the live view (it still shows the one that lingered).
      assert.deepEqual(
        await h.must('listConnections', { capture: capture.id }),
        await h.must('listConnections', {}),
      );
    } finally {
      await h.close();
    }
  });

  it('rename, delete (never the running one), unknown ids', async () => {
    const dataDir = freshDataDir();
    const a = startEngine({ persist: { dataDir } });
    await sendAndCollect((await a.open(0, '127.0.0.1')).port ?? 0, 'x');
    await allClosed(a);
    await a.close();
    const b = startEngine({ persist: { dataDir } });
    try {
      const list = await b.must('listCaptures', {});
      const past = list.find((c) => !c.current);
      assert.ok(past !== undefined);
      assert.equal(
        (await b.must('renameCapture', { capture: past.id, name: ' Login bug ' })).name,
        'Login bug',
      );
      assert.equal(
        (await b.must('listCaptures', {})).find((c) => c.id === past.id)?.name,
        'Login bug',
      );
      const stats = await b.must('getStats', {});
      const running = stats.persistence?.captureId ?? '';
      const refused = await b.call('deleteCapture', { capture: running });
      assert.equal(refused.ok ? null : refused.error.code, 'CAPTURE_IN_USE');
      assert.equal(list.filter((c) => c.current).length, 1, 'the running capture is listed');
      await b.must('deleteCapture', { capture: past.id });
      assert.ok(!readdirSync(join(dataDir, 'captures')).includes(past.id));
      const gone = await b.call('listConnections', { capture: past.id });
      assert.equal(gone.ok ? null : gone.error.code, 'CAPTURE_NOT_FOUND');
    } finally {
      await b.close();
    }
  });

  it('memory only: capture commands say so; newCapture just starts the view over', async () => {
    const h = startEngine();
    try {
      const list = await h.call('listCaptures', {});
      assert.equal(list.ok ? null : list.error.code, 'PERSIST_UNAVAILABLE');
      await sendAndCollect((await h.open(0, '127.0.0.1')).port ?? 0, 'x');
      await allClosed(h);
      assert.deepEqual(await h.must('newCapture', {}), { capture: null });
      assert.deepEqual((await h.must('listConnections', {})).connections, []);
    } finally {
      await h.close();
    }
  });

  it('settings: writing to disk off and on, kept across starts; retention keeps the last N', async () => {
    const dataDir = freshDataDir();
    const a = startEngine({ persist: { dataDir } });
    try {
      const port = (await a.open(0, '127.0.0.1')).port ?? 0;
      assert.equal((await a.must('setSettings', { persist: false })).persist, false);
      assert.equal((await a.must('getStats', {})).persistence, null, 'memory only now');
      await sendAndCollect(port, 'not on disk');
      await allClosed(a);
      // The capture that was running holds no connection: once it has ended it is removed.
      await until(async () => {
        const list = await a.must('listCaptures', {});
        return list.length === 0 ? true : undefined;
      }, 'nothing on disk');
    } finally {
      await a.close();
    }
    const b = startEngine({ persist: { dataDir } });
    try {
      assert.equal((await b.must('getSettings', {})).persist, false, 'remembered');
      assert.equal((await b.must('getStats', {})).persistence, null);
      await b.must('setSettings', { persist: true, keepCaptures: 2 });
      const port = (await b.open(0, '127.0.0.1')).port ?? 0;
      const ids: string[] = [];
      for (const word of ['one', 'two', 'three']) {
        await sendAndCollect(port, word);
        await allClosed(b);
        ids.push((await b.must('getStats', {})).persistence?.captureId ?? '');
        if (word === 'two') {
          // Once the first capture has finished (it is no longer being written), the view
          // warns that the next capture pushes it out, before it happens.
          const warned = await until(async () => {
            const l = await b.must('listCaptures', {});
            const expiring = l.filter((c) => c.expiring).map((c) => c.id);
            return expiring.length > 0 ? expiring : undefined;
          }, 'the warning');
          assert.deepEqual(warned, [ids[0]], 'the view warns before the oldest goes');
        }
        await b.must('newCapture', {});
      }
      // The oldest two go; the last one recorded and the (empty) running one stay.
      const running = (await b.must('getStats', {})).persistence?.captureId;
      const left = await until(async () => {
        const list = await b.must('listCaptures', {});
        return list.length <= 2 ? list.map((c) => c.id) : undefined;
      }, 'retention');
      assert.deepEqual(left, [running, ids[2]]);
    } finally {
      await b.close();
    }
  });
});
