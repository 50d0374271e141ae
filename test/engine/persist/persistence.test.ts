// The engine keeps its capture on disk: real traffic on real sockets (TCP text and binary over
// IPv4 and IPv6, UDP datagrams, a relay), then the file read back — every byte identical, every
// connection's last record equal to what the engine last said about it. A data folder that
// cannot be used, or a disk that fails or fills up, leaves capture running in memory and says
// why in the stats.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LIMITS, type ConnectionInfo, type Direction } from '../../../shared/model';
import { createCaptureFile, type CaptureFile } from '../../../engine/persist/capture-file';
import {
  readCapture,
  readChunk,
  type CaptureContents,
} from '../../../engine/persist/capture-reader';
import {
  collect,
  connectClient,
  ipv6Available,
  once,
  startEngine,
  type Harness,
} from '../../support/engine-harness';
import { capturedHash, sha256, startServer } from '../../support/traffic';
import { udpPeer } from '../../support/udp-client';
import { within } from '../../support/within';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-persist-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

let n = 0;
const freshDataDir = () => join(home, `data-${++n}`);

function captureFileIn(dataDir: string): string {
  const ids = readdirSync(join(dataDir, 'captures'));
  assert.equal(ids.length, 1, 'one capture per engine run');
  return join(dataDir, 'captures', ids[0] ?? '', 'capture.porthole');
}

/** One direction of one connection, reassembled from its chunks in stream order. */
async function bytesOnDisk(
  file: string,
  contents: CaptureContents,
  id: number,
  direction: Direction,
): Promise<Buffer> {
  const dir = direction === 'in' ? 0 : 1;
  const refs = contents.chunks.filter((c) => c.connectionId === id && c.direction === dir);
  const handle = await open(file, 'r');
  try {
    const parts: Buffer[] = [];
    let offset = 0;
    for (const ref of refs) {
      assert.equal(ref.offset, offset, `#${id} ${direction}: chunks in stream order`);
      const data = await readChunk(handle, ref);
      assert.ok(data !== null, `#${id} ${direction}: chunk at ${ref.offset} passes its check`);
      parts.push(data);
      offset += data.length;
    }
    return Buffer.concat(parts);
  } finally {
    await handle.close();
  }
}

/** Each connection's last snapshot in the engine's batches. */
function lastSnapshots(h: Harness): Map<number, ConnectionInfo> {
  const last = new Map<number, ConnectionInfo>();
  for (const batch of h.batches) for (const c of batch.connections) last.set(c.id, c);
  return last;
}

/**
 * A real capture file whose writes start failing when the test says so, and which tells the
 * test when given bytes have been written.
 */
function breakableDisk() {
  let failure: string | null = null;
  let seen = Buffer.alloc(0);
  const waiters: { text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (!seen.includes(w.text)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  return {
    fail: (code: string) => {
      failure = code;
    },
    written: (text: string) =>
      new Promise<void>((resolve) => {
        waiters.push({ text, resolve });
        check();
      }),
    create: async (path: string): Promise<CaptureFile> => {
      const file = await createCaptureFile(path);
      return {
        async write(buffers, position) {
          if (failure !== null) {
            throw Object.assign(new Error(`write ${failure}`), { code: failure });
          }
          await file.write(buffers, position);
          seen = Buffer.concat([seen, ...buffers]);
          check();
        },
        sync: () => file.sync(),
        close: () => file.close(),
      };
    },
  };
}

describe('captures on disk', () => {
  it('real traffic round trip: every byte and every connection as the engine saw it', async () => {
    const dataDir = freshDataDir();
    const h = startEngine({ persist: { dataDir }, version: 'test' });
    const upstream = await startServer((socket) => socket.pipe(socket));
    try {
      const text = await h.open(0, '127.0.0.1');
      const v4 = await connectClient(text.port ?? 0);
      const v4Done = collect(v4);
      v4.end('GET /héllo HTTP/1.1\r\nHost: x\r\n\r\n');
      await v4Done;

      const binary = randomBytes(3 * 1024 * 1024 + 17);
      const b = await connectClient(text.port ?? 0);
      const bDone = collect(b);
      b.end(binary);
      await bDone;

      if (await ipv6Available()) {
        const six = await h.open(0, '::1');
        const v6 = await connectClient(six.port ?? 0, '::1');
        const v6Done = collect(v6);
        v6.end(randomBytes(70_000));
        await v6Done;
      }

      const udp = await h.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
      const peer = await udpPeer();
      for (const word of ['one', 'two', 'three']) await peer.send(word, udp.port ?? 0);
      await h.waitForStats((s) => s.bytesReceived >= 11 + binary.length, 'the datagrams');
      await peer.close();

      const relay = await h.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'relay', host: '127.0.0.1', port: upstream.port },
      });
      const through = await connectClient(relay.port ?? 0);
      const echoed = collect(through);
      through.end(randomBytes(200_000));
      await echoed;
      await h.waitFor(async () => {
        const all = await h.must('listConnections', {});
        return all.connections.every((c) => c.state === 'closed' || c.protocol === 'udp')
          ? true
          : undefined;
      }, 'every TCP connection to close');

      // What the engine holds, before it closes (closing ends the UDP conversation).
      const hashes = new Map<string, string>();
      const all = (await h.must('listConnections', {})).connections;
      for (const c of all) {
        for (const d of ['in', 'out'] as const)
          hashes.set(`${c.id} ${d}`, await capturedHash(h, c.id, d));
      }
      await h.close();

      const file = captureFileIn(dataDir);
      const read = await readCapture(file);
      assert.ok(read.ok, !read.ok ? read.error.message : '');
      const c = read.value;
      assert.ok(c.endedAt !== null, 'an orderly close writes the end record');
      assert.deepEqual(c.damaged, []);
      assert.equal(c.tornTailBytes, 0);
      assert.deepEqual(c.lost, []);
      assert.equal((c.capture as { porthole?: string }).porthole, 'test');

      const last = lastSnapshots(h);
      assert.equal(c.connections.size, all.length);
      for (const conn of all) {
        for (const d of ['in', 'out'] as const) {
          const onDisk = await bytesOnDisk(file, c, conn.id, d);
          assert.equal(sha256(onDisk), hashes.get(`${conn.id} ${d}`), `#${conn.id} ${d}`);
        }
        assert.deepEqual(c.connections.get(conn.id), last.get(conn.id), `#${conn.id} metadata`);
      }
      const listeners = [...c.listeners.values()] as { state?: string; behaviour?: unknown }[];
      assert.ok(listeners.every((l) => l.state === 'closed'));
      assert.ok(listeners.some((l) => JSON.stringify(l.behaviour).includes('relay')));
    } finally {
      await upstream.close();
      await h.close();
    }
  });

  it('a data folder that cannot be used: capture goes on in memory, the stats say why', async () => {
    const blocked = join(home, 'not-a-folder');
    writeFileSync(blocked, 'a file where the data folder should be');
    const h = startEngine({ persist: { dataDir: blocked } });
    try {
      const stats = await h.waitForStats(
        (s) => s.persistence?.state === 'failed',
        'the writer to give up',
      );
      assert.equal(stats.persistence?.error?.code, 'CAPTURE_WRITE_FAILED');
      assert.match(stats.persistence?.error?.message ?? '', /ENOTDIR/);
      assert.match(stats.persistence?.error?.message ?? '', /not-a-folder/);
      const { port } = await h.open(0);
      const client = await connectClient(port ?? 0);
      const done = collect(client);
      client.end('still captured');
      await done;
      const page = await h.must('readPayload', {
        connectionId: 1,
        direction: 'in',
        offset: 0,
        length: 100,
      });
      assert.equal(Buffer.from(page.data, 'base64').toString(), 'still captured');
      const after = await h.must('getStats', {});
      assert.equal(after.persistence?.lostBytes, 'still captured'.length);
    } finally {
      await h.close();
    }
  });

  it('a disk that fails while writing: what was written stays readable, the rest is counted', async () => {
    const dataDir = freshDataDir();
    const disk = breakableDisk();
    const h = startEngine({ persist: { dataDir, createFile: disk.create } });
    try {
      const { port } = await h.open(0);
      const first = await connectClient(port ?? 0);
      const firstDone = collect(first);
      first.end('before the failure');
      await firstDone;
      await within(disk.written('before the failure'), 'the first bytes to reach the file');
      disk.fail('EIO');
      const big = randomBytes(1024 * 1024);
      const second = await connectClient(port ?? 0);
      const secondDone = collect(second);
      second.end(big);
      await secondDone;
      const stats = await h.waitForStats((s) => s.persistence?.state === 'failed', 'the failure');
      assert.equal(stats.persistence?.error?.code, 'CAPTURE_WRITE_FAILED');
      assert.match(stats.persistence?.error?.message ?? '', /EIO/);
      assert.ok((stats.persistence?.lostBytes ?? 0) >= big.length);
      // In memory, nothing is missing.
      assert.equal(await capturedHash(h, 2, 'in'), sha256(big));
    } finally {
      await h.close();
    }
    const file = captureFileIn(dataDir);
    const read = await readCapture(file);
    assert.ok(read.ok);
    assert.equal((await bytesOnDisk(file, read.value, 1, 'in')).toString(), 'before the failure');
  });

  it('the disk cap: the capture stops growing on disk and keeps going in memory', async () => {
    const dataDir = freshDataDir();
    const h = startEngine({ persist: { dataDir, maxFileBytes: 256 * 1024 } });
    try {
      const { port } = await h.open(0);
      const client = await connectClient(port ?? 0);
      const done = collect(client);
      client.end(randomBytes(1024 * 1024));
      await done;
      const stats = await h.waitForStats((s) => s.persistence?.state === 'full', 'the cap');
      assert.equal(stats.persistence?.error?.code, 'CAPTURE_DISK_CAP');
      const c = await h.waitForConnection(1, (x) => x.state === 'closed');
      assert.equal(c.in.captured, 1024 * 1024, 'the memory caps decide what is captured');
    } finally {
      await h.close();
    }
    const read = await readCapture(captureFileIn(dataDir));
    assert.ok(read.ok);
    const onDisk = read.value.chunks.reduce((sum, r) => sum + r.length, 0);
    const lost = read.value.lost.reduce((sum, r) => sum + r.length, 0);
    assert.equal(onDisk + lost, 1024 * 1024, 'written + recorded as lost = captured');
  });

  it('the capture counts every connection it recorded, also those history has let go of', async () => {
    const h = startEngine({
      persist: { dataDir: freshDataDir() },
      limits: { ...DEFAULT_LIMITS, maxConnections: 2 },
      version: 'test',
    });
    try {
      const { port } = await h.open(0);
      for (let i = 0; i < 5; i++) {
        const client = await connectClient(port ?? 0);
        client.end(`connection ${i}`);
        await within(once(client, 'close'), 'the client to close');
      }
      const counted = await h.waitFor(async () => {
        const evicted = (await h.must('getStats', {})).connectionsEvicted;
        const current = (await h.must('listCaptures', {})).find((c) => c.current);
        return evicted === 3 && current?.connections === 5 ? current : undefined;
      }, 'three connections let go of and five counted');
      assert.equal((await h.must('listConnections', {})).connections.length, 2);
      assert.equal(counted.connections, 5);
    } finally {
      await h.close();
    }
  });

  it('without a data folder the capture stays in memory and the stats say so', async () => {
    const h = startEngine({});
    try {
      assert.equal((await h.must('getStats', {})).persistence, null);
      const { port } = await h.open(0);
      const client = await connectClient(port ?? 0);
      client.end('x');
      await within(once(client, 'close'), 'the client to close');
    } finally {
      await h.close();
    }
  });
});
