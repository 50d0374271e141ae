// Exports and imports as jobs, on a real engine with real sockets: the capture being recorded
// exports byte-exact, every job is listed with its progress and end, a failed or cancelled
// export leaves no file, and imports need a data folder and keep nothing when they fail.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { ExportRequest, TransferInfo } from '../../../shared/transfer';
import { connectClient, startEngine, type Harness } from '../../support/engine-harness';
import { frame, LINK_TYPES, pcapFile, udp } from '../../support/pcap-builder';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-transfers-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Sends `data` to a fresh port and waits until the connection is captured whole and closed. */
async function capturedConnection(h: Harness, data: Buffer): Promise<number> {
  const { port } = await h.open();
  const socket = await connectClient(port ?? 0);
  socket.end(data);
  const batch = await h.waitForBatch((b) =>
    b.connections.some((c) => c.in.captured === data.length && c.closedAt !== null),
  );
  return batch.connections.find((c) => c.in.captured === data.length)?.id ?? 0;
}

const transferIn = (h: Harness, match: (t: TransferInfo) => boolean) =>
  h.waitForStats((s) => s.transfers.some(match), 'a matching transfer');

function smallPcap(): Buffer {
  const packet = udp({
    src: '127.0.0.1',
    dst: '127.0.0.1',
    sport: 40000,
    dport: 5353,
    data: Buffer.from('hello'),
  });
  return pcapFile([{ at: 1_700_000_000_000, data: frame('raw', packet) }], {
    linkType: LINK_TYPES.raw,
  });
}

describe('exports of the capture being recorded (memory only)', () => {
  let h: Harness;
  const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) & 0xff));
  let id = 0;
  before(async () => {
    h = startEngine();
    id = await capturedConnection(h, data);
  });
  after(() => h.close());

  test('raw bytes to a private file, byte-exact, and the job listed as done', async () => {
    const request: ExportRequest = { format: 'raw', connectionIds: [id], direction: 'in' };
    const prepared = await h.engine.transfers.prepareExport(request);
    assert.ok(prepared.ok);
    assert.match(prepared.value.fileName, /^porthole-live-\d{8}-\d{6}-connection-\d+-client\.bin$/);
    const file = join(dir, 'raw.bin');
    const result = await h.engine.transfers.exportCapture(request, file, 'raw.bin');
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value, {
      connections: 1,
      bytes: data.length,
      items: "the client's bytes",
    });
    assert.ok(readFileSync(file).equals(data));
    await transferIn(h, (t) => t.fileName === 'raw.bin' && t.state === 'done');
  });

  test('a byte range of one side (a selection), byte-exact; past the end is refused', async () => {
    const range = { offset: 1000, length: 5000 };
    const request: ExportRequest = { format: 'raw', connectionIds: [id], direction: 'in', range };
    const file = join(dir, 'range.bin');
    const result = await h.engine.transfers.exportCapture(request, file, 'range.bin');
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(readFileSync(file).equals(data.subarray(1000, 6000)));
    const past = { ...request, range: { offset: data.length, length: 1 } };
    const refused = await h.engine.transfers.exportCapture(past, join(dir, 'past.bin'), 'past.bin');
    assert.equal(!refused.ok && refused.error.code, 'RANGE_NOT_CAPTURED');
    assert.equal(existsSync(join(dir, 'past.bin')), false);
  });

  test('a folder that does not exist: EXPORT_FAILED naming why, no file, the job failed', async () => {
    const file = join(dir, 'missing-folder', 'out.pcapng');
    const result = await h.engine.transfers.exportCapture({ format: 'pcapng' }, file, 'out.pcapng');
    assert.equal(!result.ok && result.error.code, 'EXPORT_FAILED');
    assert.match(!result.ok ? result.error.message : '', /ENOENT/);
    assert.equal(existsSync(file), false);
    await transferIn(h, (t) => t.fileName === 'out.pcapng' && t.state === 'failed');
  });

  test('cancel stops an export stuck on a slow destination', async () => {
    // A destination that takes the first write and then never finishes another: the
    // export waits on backpressure until it is cancelled.
    let writes = 0;
    const stuck = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        writes += 1;
        if (writes === 1) callback();
      },
    });
    const running = h.engine.transfers.exportCapture({ format: 'pcapng' }, stuck, 'stuck.pcapng');
    const stats = await transferIn(h, (t) => t.fileName === 'stuck.pcapng' && t.doneBytes > 0);
    const job = stats.transfers.find((t) => t.fileName === 'stuck.pcapng');
    assert.deepEqual(await h.call('cancelTransfer', { id: job?.id ?? '' }), {
      ok: true,
      value: null,
    });
    const result = await running;
    assert.equal(!result.ok && result.error.code, 'EXPORT_CANCELLED');
    assert.ok(stuck.destroyed);
    await transferIn(h, (t) => t.id === job?.id && t.state === 'cancelled');
  });

  test('imports need a data folder', async () => {
    assert.equal(h.engine.transfers.importsAvailable().ok, false);
    const file = join(dir, 'small.pcap');
    writeFileSync(file, smallPcap());
    const result = await h.engine.transfers.importFile(file, 'small.pcap');
    assert.equal(!result.ok && result.error.code, 'PERSIST_UNAVAILABLE');
  });
});

describe('imports into the data folder', () => {
  let h: Harness;
  before(() => {
    h = startEngine({ persist: { dataDir: join(dir, 'data') } });
  });
  after(() => h.close());

  test('a file becomes a capture named as asked, listed with its connection', async () => {
    const file = join(dir, 'upload-1234.part');
    writeFileSync(file, smallPcap());
    const result = await h.engine.transfers.importFile(file, 'udp hello.pcap');
    assert.ok(result.ok, JSON.stringify(result));
    const listed = (await h.must('listCaptures', {})).find((c) => c.id === result.value.captureId);
    assert.equal(listed?.name, 'udp hello.pcap');
    assert.equal(listed?.connections, 1);
  });

  test('a stream larger than the limit is refused as it arrives, and nothing is kept', async () => {
    const before = (await h.must('listCaptures', {})).length;
    const body = Readable.from([smallPcap(), Buffer.alloc(4096)]);
    const result = await h.engine.transfers.importStream(body, 'big.pcap', 5000, 1024);
    assert.equal(!result.ok && result.error.code, 'IMPORT_TOO_LARGE');
    assert.match(!result.ok ? result.error.message : '', /1\.0 KiB/);
    assert.equal((await h.must('listCaptures', {})).length, before);
  });

  test('a stream shorter than announced is a failed upload, not a capture', async () => {
    const before = (await h.must('listCaptures', {})).length;
    const file = smallPcap();
    const result = await h.engine.transfers.importStream(
      Readable.from([file]),
      'short.pcap',
      file.length + 100,
      1 << 20,
    );
    assert.equal(!result.ok && result.error.code, 'IMPORT_FAILED');
    assert.match(!result.ok ? result.error.message : '', /arrived/);
    assert.equal((await h.must('listCaptures', {})).length, before);
  });

  test('a path that is not a file says so', async () => {
    const result = await h.engine.transfers.importFile(dir, 'a folder');
    assert.equal(!result.ok && result.error.code, 'IMPORT_FAILED');
  });
});
