// Killed in the middle of a transfer (SIGKILL: no chance to flush or close), the capture opens
// again: the connection's bytes on disk are an exact prefix of what was sent, and what is
// missing is no more than about the last second of it.

import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readCapture, readChunk } from '../../../engine/persist/capture-reader';
import { startEngine } from '../../support/engine-harness';
import { startEngineProcess } from '../../support/engine-process';
import { MiB, sendStream } from '../../support/traffic';
import { within } from '../../support/within';

const CHILD = fileURLToPath(new URL('../../support/persisting-engine.ts', import.meta.url));
const TOTAL = 200 * MiB;
const SEED = 7;

/** sendStream's bytes for `seed`, regenerated: the first `length` of them, hashed. */
function streamPrefixHash(seed: number, length: number): string {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16));
  const hash = createHash('sha256');
  const zeros = Buffer.alloc(MiB);
  for (let done = 0; done < length;) {
    const size = Math.min(zeros.length, length - done);
    hash.update(cipher.update(size === zeros.length ? zeros : zeros.subarray(0, size)));
    done += size;
  }
  return hash.digest('hex');
}

describe('a capture after a crash', () => {
  it('SIGKILL during a 200 MiB transfer: an exact prefix on disk, at most about a second missing', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porthole-crash-'));
    const engine = startEngineProcess(CHILD, [dataDir]);
    try {
      const port = await engine.port();
      const next = () => engine.next<{ captured?: number }>('a figure from the engine process');

      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => undefined);
      await within(new Promise((resolve) => socket.once('connect', resolve)), 'the connection');
      const started = performance.now();
      void sendStream(socket, TOTAL, SEED, { end: false }).catch(() => undefined);

      // Kill it half way, as the engine reports it: no flush, no close, no end record.
      let captured = 0;
      while (captured < TOTAL / 2) captured = (await next()).captured ?? captured;
      engine.child.kill('SIGKILL');
      const elapsedSeconds = (performance.now() - started) / 1000;
      await engine.exited();
      socket.destroy();

      const ids = readdirSync(join(dataDir, 'captures'));
      const file = join(dataDir, 'captures', ids[0] ?? '', 'capture.porthole');
      const read = await readCapture(file);
      assert.ok(read.ok, !read.ok ? read.error.message : '');
      assert.equal(read.value.endedAt, null, 'no end record after a crash');
      const refs = read.value.chunks.filter((c) => c.connectionId === 1 && c.direction === 0);
      const handle = await open(file, 'r');
      const hash = createHash('sha256');
      let onDisk = 0;
      try {
        for (const ref of refs) {
          assert.equal(ref.offset, onDisk, 'no holes');
          const data = await readChunk(handle, ref);
          assert.ok(data !== null, `the chunk at ${ref.offset} is intact`);
          hash.update(data);
          onDisk += data.length;
        }
      } finally {
        await handle.close();
      }
      assert.equal(hash.digest('hex'), streamPrefixHash(SEED, onDisk), 'an exact prefix');
      const rate = captured / elapsedSeconds;
      const missing = captured - onDisk;
      t.diagnostic(
        `captured ${(captured / MiB).toFixed(1)} MiB at ${(rate / MiB).toFixed(0)} MiB/s; ` +
          `on disk after SIGKILL ${(onDisk / MiB).toFixed(1)} MiB (${(missing / 1024).toFixed(0)} KiB missing)`,
      );
      assert.ok(
        missing <= rate,
        `${(missing / MiB).toFixed(1)} MiB missing of ${(captured / MiB).toFixed(1)} MiB captured, ` +
          `more than one second at ${(rate / MiB).toFixed(0)} MiB/s`,
      );

      // The next start lists it as interrupted and opens it: the connection ended where the
      // file ends, with every byte on disk readable through the contract.
      const again = startEngine({ persist: { dataDir } });
      try {
        const past = (await again.must('listCaptures', {})).find((c) => !c.current);
        assert.ok(past !== undefined && past.interrupted && past.endedAt === null);
        const conn = await again.must('getConnection', { capture: past.id, id: 1 });
        assert.equal(conn.state, 'closed');
        assert.equal(conn.endReason, 'capture-interrupted');
        assert.equal(conn.in.captured, onDisk);
        assert.equal(conn.in.captured + conn.in.dropped, conn.in.received);
        const tail = await again.must('readPayload', {
          capture: past.id,
          connectionId: 1,
          direction: 'in',
          offset: onDisk - 1000,
          length: 4096,
        });
        assert.equal(tail.length, 1000, 'reads stop where the file ends');
      } finally {
        await again.close();
      }
    } finally {
      engine.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
