// Memory as a cache of the capture file: with captures on disk, the total cap bounds the bytes
// held in memory, not what is captured. Closed connections' bytes leave memory once they are in
// the file and come back by range for reads, find in payload and the payload filter — every
// byte identical. Without a capture file, the same traffic is cut by the cap as before.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collect, connectClient, startEngine, type Harness } from '../../support/engine-harness';
import { capturedHash, sha256 } from '../../support/traffic';

const MiB = 1024 * 1024;
const CAP = 6 * MiB;
const EACH = 2 * MiB;
const COUNT = 6;

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-cache-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

/** Sends each payload on its own connection, one after another, each closed by the client. */
async function sendEach(h: Harness, port: number, payloads: readonly Buffer[], onDisk: boolean) {
  for (const payload of payloads) {
    const socket = await connectClient(port);
    const done = collect(socket);
    socket.end(payload);
    await done;
    // Memory lets go of bytes only once they are written: wait for the file to hold them, as a
    // disk that keeps up would (a disk that falls behind leaves the cap to cut instead).
    if (onDisk) {
      await h.waitForStats(
        (s) => (s.persistence?.fileBytes ?? 0) >= s.bytesCaptured,
        'the capture file to hold every captured byte',
      );
    }
  }
}

describe('memory as a cache of the capture file', () => {
  it('captures past the total cap; bytes come back from the file for every read', async () => {
    const h = startEngine({
      persist: { dataDir: join(home, 'on-disk') },
      limits: { totalBytes: CAP },
    });
    try {
      const port = (await h.open(0, '127.0.0.1')).port ?? 0;
      const payloads = Array.from({ length: COUNT }, () => randomBytes(EACH));
      const marker = Buffer.from('needle-in-the-first-connection');
      marker.copy(payloads[0] ?? Buffer.alloc(0), EACH - 5 * 1024);
      await sendEach(h, port, payloads, true);
      const stats = await h.waitForStats(
        (s) => s.connectionsOpen === 0 && s.bytesCaptured === COUNT * EACH,
        'every byte captured',
      );
      assert.equal(stats.bytesDropped, 0, 'nothing cut by the cap');
      assert.ok(
        stats.bytesInMemory + stats.overheadBytes <= CAP,
        `${stats.bytesInMemory} bytes in memory, cap ${CAP}`,
      );
      const conns = (await h.must('listConnections', {})).connections;
      assert.equal(conns.length, COUNT);
      for (const [i, conn] of conns.entries()) {
        assert.equal(conn.in.captured, EACH);
        assert.equal(await capturedHash(h, conn.id, 'in'), sha256(payloads[i] ?? Buffer.alloc(0)));
      }
      const first = conns[0]?.id ?? 0;
      const pattern = { format: 'text' as const, value: marker.toString() };
      const found = await h.must('findInPayload', {
        connectionId: first,
        direction: 'in',
        pattern,
      });
      assert.deepEqual(found.offsets, [EACH - 5 * 1024]);
      const filtered = await h.must('findConnections', { pattern });
      assert.deepEqual(filtered.ids, [first]);
      const middle = await h.must('readPayload', {
        connectionId: first,
        direction: 'in',
        offset: EACH - 5 * 1024,
        length: marker.length,
      });
      assert.equal(Buffer.from(middle.data, 'base64').toString(), marker.toString());
    } finally {
      await h.close();
    }
  });

  it('in memory only, the same traffic is cut by the total cap', async () => {
    const h = startEngine({ limits: { totalBytes: CAP } });
    try {
      const port = (await h.open(0, '127.0.0.1')).port ?? 0;
      await sendEach(
        h,
        port,
        Array.from({ length: COUNT }, () => randomBytes(EACH)),
        false,
      );
      const stats = await h.waitForStats((s) => s.connectionsOpen === 0, 'every connection closed');
      assert.ok(stats.bytesDropped > 0, 'the cap cut what did not fit');
      assert.equal(stats.bytesInMemory, stats.bytesCaptured);
    } finally {
      await h.close();
    }
  });
});
