// The capture file on a real disk: written by CaptureWriter, read back by readCapture, byte for
// byte; cut at every offset and damaged at random (fast-check), it opens what is intact and
// never throws or hangs; a slow or failing disk costs counted bytes, never memory or the file.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createCaptureFile, type CaptureFile } from '../../../engine/persist/capture-file';
import { fileHeader, FILE_HEADER_SIZE } from '../../../engine/persist/capture-format';
import {
  readCapture,
  readChunk,
  type CaptureContents,
} from '../../../engine/persist/capture-reader';
import { CaptureWriter, PART_BLOCK_WAIT_MS } from '../../../engine/persist/capture-writer';
import { xxhash32 } from '../../../engine/persist/xxhash32';
import { within } from '../../support/within';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-capture-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
const nextPath = () => join(dir, `capture-${++fileNo}.porthole`);

interface Sent {
  readonly connectionId: number;
  readonly direction: 0 | 1;
  readonly offset: number;
  readonly data: Buffer;
}

/** A small capture: two connections, both directions, JSON records between the chunks. */
async function writeSample(path: string, chunkCount = 12): Promise<Sent[]> {
  const writer = new CaptureWriter({ file: await createCaptureFile(path) });
  writer.json('capture', { captureId: 'sample', startedAt: 1, porthole: 'test' });
  writer.json('listener', { id: 'l1', state: 'open', port: 4000 });
  const sent: Sent[] = [];
  const offsets = new Map<string, number>();
  for (let i = 0; i < chunkCount; i++) {
    const connectionId = 1 + (i % 2);
    const direction = ((i >> 1) % 2) as 0 | 1;
    const key = `${connectionId} ${direction}`;
    const offset = offsets.get(key) ?? 0;
    const data = randomBytes(1 + ((i * 37) % 97));
    offsets.set(key, offset + data.length);
    if (i % 5 === 0) writer.json('connection', { id: connectionId, state: 'open', n: i });
    writer.chunk(connectionId, direction, 1000 + i, offset, data);
    sent.push({ connectionId, direction, offset, data });
  }
  writer.json('listener', { id: 'l1', state: 'closed', port: 4000 });
  await writer.close(2000);
  return sent;
}

/** Every chunk the reader found, read and checked: null where the check failed. */
async function chunkBytes(path: string, contents: CaptureContents): Promise<(Buffer | null)[]> {
  const handle = await open(path, 'r');
  try {
    return await Promise.all(contents.chunks.map((ref) => readChunk(handle, ref)));
  } finally {
    await handle.close();
  }
}

function sentAt(sent: readonly Sent[], connectionId: number, direction: number, offset: number) {
  return sent.find(
    (s) => s.connectionId === connectionId && s.direction === direction && s.offset === offset,
  );
}

describe('xxHash32', () => {
  it('matches the reference vectors', () => {
    const hex = (s: string) => xxhash32(Buffer.from(s)).toString(16).padStart(8, '0');
    assert.equal(hex(''), '02cc5d05');
    assert.equal(hex('a'), '550d7456');
    assert.equal(hex('abc'), '32d153ff');
    assert.equal(hex('Nobody inspects the spammish repetition'), 'e2293b2f');
  });

  it('matches xxhsum -H0 on random data, aligned or not, of every length class', (t) => {
    if (spawnSync('xxhsum', ['--version']).error !== undefined) {
      t.skip('xxhsum is not installed (apt-get install xxhash)');
      return;
    }
    for (const length of [0, 3, 15, 16, 17, 63, 64, 1000, 65_537]) {
      const data = randomBytes(length);
      const file = join(dir, `xxh-${length}.bin`);
      writeFileSync(file, data);
      const expected = execFileSync('xxhsum', ['-H0', file], { encoding: 'utf8' }).split(/\s/)[0];
      const unaligned = Buffer.alloc(length + 1).subarray(1);
      data.copy(unaligned);
      assert.equal(xxhash32(data).toString(16).padStart(8, '0'), expected, `length ${length}`);
      assert.equal(xxhash32(unaligned), xxhash32(data), `unaligned, length ${length}`);
    }
  });
});

describe('capture file', () => {
  it('reads back every record and byte as written, in order', async () => {
    const path = nextPath();
    const sent = await writeSample(path, 40);
    const read = await readCapture(path);
    assert.ok(read.ok, !read.ok ? read.error.message : '');
    const c = read.value;
    assert.deepEqual(c.capture, { captureId: 'sample', startedAt: 1, porthole: 'test' });
    assert.deepEqual(c.listeners.get('l1'), { id: 'l1', state: 'closed', port: 4000 });
    assert.deepEqual([...c.connections.keys()], [1, 2]);
    assert.equal(c.endedAt, 2000);
    assert.equal(c.tornTailBytes, 0);
    assert.deepEqual(c.damaged, []);
    assert.equal(c.chunks.length, sent.length);
    const bytes = await chunkBytes(path, c);
    c.chunks.forEach((ref, i) => {
      const s = sent[i];
      assert.ok(s !== undefined);
      assert.deepEqual(
        [ref.connectionId, ref.direction, ref.offset, ref.at],
        [s.connectionId, s.direction, s.offset, 1000 + i],
      );
      assert.deepEqual(bytes[i], s.data);
    });
  });

  it('a stream of small reads is written in a few writes, and all of it is in the file', async () => {
    // One small chunk per turn of the event loop, as a client sending small messages makes.
    const path = nextPath();
    const real = await createCaptureFile(path);
    const writes: number[] = [];
    const file: CaptureFile = {
      write: (buffers, position) => {
        writes.push(performance.now());
        return real.write(buffers, position);
      },
      sync: () => real.sync(),
      close: () => real.close(),
    };
    const writer = new CaptureWriter({ file });
    const started = performance.now();
    const sent: Buffer[] = [];
    for (let i = 0; i < 400; i++) {
      const data = randomBytes(32);
      writer.chunk(1, 0, i, i * 32, data);
      sent.push(data);
      await new Promise((resolve) => setImmediate(resolve));
      if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const elapsed = performance.now() - started;
    const duringStream = writes.length;
    await writer.close(1);
    // One write per turn would be 400; a part-filled block waits for more.
    assert.ok(
      duringStream <= Math.ceil(elapsed / PART_BLOCK_WAIT_MS) + 1,
      `${duringStream} writes in ${elapsed.toFixed(0)} ms`,
    );
    // Nothing waits longer than that: the first write came within the wait (and some slack).
    assert.ok(writes.length > 0 && (writes[0] ?? Infinity) - started < PART_BLOCK_WAIT_MS + 200);
    const read = await readCapture(path);
    assert.ok(read.ok);
    const bytes = await chunkBytes(path, read.value);
    assert.deepEqual(bytes, sent);
  });

  it('splits data longer than one record and keeps it exact', async () => {
    const path = nextPath();
    const writer = new CaptureWriter({ file: await createCaptureFile(path) });
    const big = randomBytes(3 * 1024 * 1024 + 123);
    writer.chunk(7, 1, 5, 0, big);
    await writer.close(6);
    const read = await readCapture(path);
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.chunks.map((r) => [r.offset, r.length]),
      [
        [0, 1048576],
        [1048576, 1048576],
        [2097152, 1048576],
        [3145728, 123],
      ],
    );
    assert.deepEqual(Buffer.concat((await chunkBytes(path, read.value)) as Buffer[]), big);
  });

  it('is created for its owner only, and never over an existing file', async (t) => {
    if (process.platform === 'win32') {
      t.skip('POSIX modes do not apply on Windows');
      return;
    }
    const path = nextPath();
    await writeSample(path, 2);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    await assert.rejects(createCaptureFile(path), /EEXIST/);
  });

  it('cut at every offset, opens what is whole and reports the torn tail', async () => {
    const path = nextPath();
    const sent = await writeSample(path, 10);
    const whole = readFileSync(path);
    const cutPath = nextPath();
    for (let length = 0; length <= whole.length; length++) {
      writeFileSync(cutPath, whole.subarray(0, length));
      const read = await readCapture(cutPath);
      if (length < FILE_HEADER_SIZE) {
        assert.equal(!read.ok && read.error.code, 'CAPTURE_UNREADABLE', `cut at ${length}`);
        continue;
      }
      assert.ok(read.ok, `cut at ${length}`);
      const c = read.value;
      assert.deepEqual(c.damaged, [], `cut at ${length}: a cut is a torn tail, not damage`);
      const bytes = await chunkBytes(cutPath, c);
      // What opens is a prefix of what was written, every byte of it exact.
      c.chunks.forEach((ref, i) => assert.deepEqual(bytes[i], sent[i]?.data, `cut ${length}`));
      const lastEnd = c.chunks.length === 0 ? 0 : (c.chunks.at(-1)?.filePosition ?? 0);
      assert.ok(lastEnd <= length);
      assert.equal(c.endedAt === null, length < whole.length, `cut at ${length}: end record`);
      assert.ok(c.tornTailBytes < 200, `cut at ${length}: torn tail ${c.tornTailBytes}`);
    }
  });

  it('damaged anywhere: never throws or hangs, never shows wrong bytes, keeps what is intact', async () => {
    const path = nextPath();
    const sent = await writeSample(path, 30);
    const whole = readFileSync(path);
    const damagedPath = nextPath();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: whole.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (flips) => {
          const copy = Buffer.from(whole);
          for (const [at, xor] of flips) copy[at] = (copy[at] as number) ^ xor;
          writeFileSync(damagedPath, copy);
          const read = await within(readCapture(damagedPath), 'reading a damaged capture', 5000);
          if (!read.ok) {
            // Only a damaged file header may make the whole file unreadable.
            assert.ok(flips.some(([at]) => at < FILE_HEADER_SIZE));
            return;
          }
          const bytes = await chunkBytes(damagedPath, read.value);
          read.value.chunks.forEach((ref, i) => {
            const data = bytes[i];
            if (data === null) return; // damage found when the bytes were read: shown as such
            const original = sentAt(sent, ref.connectionId, ref.direction, ref.offset);
            assert.deepEqual(data, original?.data, 'a chunk that passes its check is exact');
          });
          // Damage in one place costs that record, not the rest of the file.
          const untouched = sent.length - flips.length * 2;
          assert.ok(
            read.value.chunks.length >= Math.min(untouched, sent.length - 4 * flips.length),
            `only ${read.value.chunks.length} of ${sent.length} chunks after ${flips.length} flips`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a file from a newer Porthole, and one that is not a capture, saying which', async () => {
    const path = nextPath();
    await writeSample(path, 2);
    const newer = readFileSync(path);
    newer.writeUInt16LE(2, 8);
    newer.writeUInt32LE(xxhash32(newer.subarray(0, 12)), 12);
    writeFileSync(path, newer);
    const read = await readCapture(path);
    assert.equal(!read.ok && read.error.code, 'CAPTURE_NEWER_VERSION');
    assert.match(!read.ok ? read.error.message : '', /format version 2/);

    const junk = nextPath();
    writeFileSync(junk, randomBytes(4096));
    const notCapture = await readCapture(junk);
    assert.equal(!notCapture.ok && notCapture.error.code, 'CAPTURE_UNREADABLE');
    const missing = await readCapture(join(dir, 'nothing-here.porthole'));
    assert.equal(!missing.ok && missing.error.code, 'CAPTURE_UNREADABLE');
    assert.equal(fileHeader().length, FILE_HEADER_SIZE);
  });
});

/** A file whose writes wait until the test lets them go: a disk that cannot keep up. */
function stalledFile(inner: CaptureFile): CaptureFile & { release(): void; writes: number } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const file = {
    writes: 0,
    release: () => release(),
    async write(buffers: readonly Buffer[], position: number) {
      file.writes++;
      await gate;
      await inner.write(buffers, position);
    },
    sync: () => inner.sync(),
    close: () => inner.close(),
  };
  return file;
}

/** A file that fails with `code` once `limit` bytes are in it: a full or broken disk. */
function failingFile(inner: CaptureFile, limit: number, code: string): CaptureFile {
  let written = 0;
  return {
    async write(buffers, position) {
      const bytes = buffers.reduce((n, b) => n + b.length, 0);
      if (written + bytes > limit) throw Object.assign(new Error(`write ${code}`), { code });
      written += bytes;
      await inner.write(buffers, position);
    },
    sync: () => inner.sync(),
    close: () => inner.close(),
  };
}

describe('capture writer under a slow or failing disk', () => {
  it('a disk that cannot keep up: the queue stays bounded, the rest is counted and recorded as lost', async () => {
    const path = nextPath();
    const file = stalledFile(await createCaptureFile(path));
    const writer = new CaptureWriter({ file, queueBytes: 8 * 1024 * 1024 });
    const piece = randomBytes(64 * 1024);
    const total = 1600; // 100 MiB offered while the disk is stalled
    let accepted = 0;
    for (let i = 0; i < total; i++) if (writer.chunk(1, 0, i, i * piece.length, piece)) accepted++;
    const stalled = writer.stats();
    assert.ok(stalled.queuedBytes <= 8 * 1024 * 1024, `queued ${stalled.queuedBytes}`);
    assert.equal(stalled.lostBytes, (total - accepted) * piece.length);
    assert.ok(accepted > 0 && accepted < total);
    assert.equal(stalled.state, 'writing', 'a full queue is not a broken disk');
    file.release();
    await writer.close(1);
    const read = await readCapture(path);
    assert.ok(read.ok);
    const c = read.value;
    // What was written plus what is recorded as lost covers the whole stream, exactly once.
    const written = c.chunks.reduce((n, r) => n + r.length, 0);
    const lost = c.lost.reduce((n, r) => n + r.length, 0);
    assert.equal(written, accepted * piece.length);
    assert.equal(lost, (total - accepted) * piece.length);
    assert.equal(written + lost, total * piece.length);
    assert.deepEqual(
      c.lost.map((r) => r.offset),
      [accepted * piece.length],
    );
  });

  it('a full disk: writing stops with CAPTURE_DISK_FULL, what was written stays readable', async () => {
    const path = nextPath();
    const stops: string[] = [];
    const writer = new CaptureWriter({
      file: failingFile(await createCaptureFile(path), 256 * 1024, 'ENOSPC'),
      onStopped: (error) => stops.push(error.code),
    });
    const piece = randomBytes(16 * 1024);
    writer.chunk(1, 0, 0, 0, piece);
    await writer.flush();
    for (let i = 1; i < 64; i++) {
      writer.chunk(1, 0, i, i * piece.length, piece);
      await writer.flush();
    }
    const stats = writer.stats();
    assert.equal(stats.state, 'failed');
    assert.equal(stats.error?.code, 'CAPTURE_DISK_FULL');
    assert.match(stats.error?.hint ?? '', /in memory/);
    assert.deepEqual(stops, ['CAPTURE_DISK_FULL'], 'told once');
    assert.ok(stats.lostBytes > 0);
    await writer.close(1);
    const read = await readCapture(path);
    assert.ok(read.ok);
    const bytes = await chunkBytes(path, read.value);
    assert.ok(read.value.chunks.length >= 1);
    read.value.chunks.forEach((ref, i) => assert.deepEqual(bytes[i], piece));
  });

  it('any other write error stops writing with CAPTURE_WRITE_FAILED and the errno', async () => {
    const writer = new CaptureWriter({
      file: failingFile(await createCaptureFile(nextPath()), 0, 'EIO'),
    });
    writer.chunk(1, 0, 0, 0, randomBytes(10));
    await writer.flush();
    assert.equal(writer.stats().error?.code, 'CAPTURE_WRITE_FAILED');
    assert.match(writer.stats().error?.message ?? '', /EIO, i\/o error/);
    assert.equal(writer.chunk(1, 0, 1, 10, randomBytes(5)), false);
    assert.equal(writer.stats().lostBytes, 5 + 10);
    await writer.close(1);
  });

  it('never fills the volume: less than the minimum free stops writing, as a full disk', async () => {
    const path = nextPath();
    let free = 10 * 1024 ** 3;
    const writer = new CaptureWriter({
      file: await createCaptureFile(path),
      freeBytes: () => Promise.resolve(free),
    });
    writer.chunk(1, 0, 0, 0, randomBytes(1000));
    await writer.flush();
    assert.equal(writer.stats().state, 'writing', 'plenty of room');
    free = 900 * 1024 ** 2;
    // The next check is due a second after the last one, or after 64 MiB written.
    const piece = randomBytes(1024 * 1024);
    for (let i = 0; i < 70 && writer.stats().state === 'writing'; i++) {
      writer.chunk(1, 0, i, 1000 + i * piece.length, piece);
      await writer.flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const stats = writer.stats();
    assert.equal(stats.state, 'full');
    assert.equal(stats.error?.code, 'CAPTURE_DISK_FULL');
    assert.match(stats.error?.message ?? '', /less than 1 GiB left on its volume/);
    await writer.close(1);
    const read = await readCapture(path);
    assert.ok(read.ok, 'what was written stays readable');
  });

  it('the disk cap: the file stops growing there, later bytes are counted', async () => {
    const path = nextPath();
    const cap = 512 * 1024;
    const writer = new CaptureWriter({ file: await createCaptureFile(path), maxFileBytes: cap });
    const piece = randomBytes(32 * 1024);
    for (let i = 0; i < 64; i++) writer.chunk(1, 1, i, i * piece.length, piece);
    const stats = writer.stats();
    assert.equal(stats.state, 'full');
    assert.equal(stats.error?.code, 'CAPTURE_DISK_CAP');
    await writer.close(1);
    const size = statSync(path).size;
    assert.ok(size <= cap + 4096, `file ${size} bytes over a ${cap}-byte cap`);
    const read = await readCapture(path);
    assert.ok(read.ok);
    const written = read.value.chunks.reduce((n, r) => n + r.length, 0);
    const lost = read.value.lost.reduce((n, r) => n + r.length, 0);
    assert.equal(written + lost, 64 * piece.length);
    assert.equal(read.value.endedAt, 1, 'a capped capture still ends cleanly');
  });
});
