// Search and decompress on real captured connections: findConnections over a 200-connection
// history (including a match split across two socket reads and byte-log blocks), paging under a
// small scan budget, findInPayload in a 20 MB stream, and decompress against Node's own zlib.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { MAX_DECOMPRESSED_BYTES } from '../../../shared/contract';
import { ByteLog } from '../../../engine/recording/byte-log';
import { searchPieces } from '../../../engine/search/block-search';
import { setScanBudget } from '../../../engine/search/find-connections';
import { connectClient, once, startEngine, type Harness } from '../../support/engine-harness';

const NEEDLE = 'porthole-needle-42';
const HEX = Buffer.from([0x00, 0xff, 0x10, 0xab, 0x7f]);
const text = (value: string) => ({ format: 'text' as const, value });

/** Every match start, the slow obvious way. */
function naive(haystack: Buffer, needle: Buffer): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    found.push(at);
  }
  return found;
}

function searchAll(log: ByteLog, needle: Buffer, from = 0): number[] {
  const found: number[] = [];
  searchPieces(log.pieces(from), needle, (offset) => found.push(offset) > 0);
  return found;
}

describe('block search', () => {
  it('finds every match across block seams, whatever the block sizes', () => {
    const needle = Buffer.from('abcab');
    for (let round = 0; round < 200; round++) {
      // A small alphabet makes matches (and overlapping ones) common.
      const stream = Buffer.from(
        Array.from({ length: 3000 }, () => 97 + Math.floor(Math.random() * 3)),
      );
      const log = new ByteLog();
      for (let at = 0; at < stream.length;) {
        const n = Math.min(
          stream.length - at,
          1 + Math.floor(Math.random() * (round % 2 ? 7 : 40_000)),
        );
        // Fresh exact-size copies of ≥16 KiB are kept as their own blocks; small ones are packed.
        log.append(Buffer.from(stream.subarray(at, at + n)));
        at += n;
        if (round % 3 === 0) log.compact();
      }
      assert.deepEqual(searchAll(log, needle), naive(stream, needle), `round ${round}`);
      const from = round * 13;
      assert.deepEqual(
        searchAll(log, needle, from),
        naive(stream, needle).filter((o) => o >= from),
      );
    }
  });

  it('finds a pattern longer than the blocks it spans', () => {
    const log = new ByteLog();
    const stream = Buffer.concat([Buffer.alloc(300, 1), randomBytes(1000), Buffer.alloc(5, 2)]);
    for (let at = 0; at < stream.length; at += 100) {
      log.append(Buffer.from(stream.subarray(at, at + 100)));
      log.compact(); // seal: every 100 bytes becomes a block of its own
    }
    assert.ok(log.blockCount > 10);
    const needle = stream.subarray(250, 1150);
    assert.deepEqual(searchAll(log, needle), [250]);
  });
});

describe('findConnections, findInPayload', () => {
  let h: Harness;
  let port = 0;
  /** Connection id by what its client sent, matched through the client's port. */
  const idOf = new Map<string, number>();

  const send = async (label: string, write: (client: Socket) => Promise<void>) => {
    const client = await connectClient(port);
    // Read now: a closed socket no longer reports its port.
    const clientPort = client.localPort;
    await write(client);
    client.end();
    await once(client, 'close');
    const conns = await h.must('listConnections', { afterId: 0, limit: 5000 });
    const conn = conns.connections.find((c) => c.remotePort === clientPort);
    assert.ok(conn, label);
    idOf.set(label, conn.id);
  };

  before(async () => {
    h = startEngine();
    port = (await h.open(0)).port ?? 0;
    const plain = Array.from({ length: 197 }, (_, i) => `conn-${i}`);
    // 25 at a time: a realistic burst without 200 sockets at once.
    for (let i = 0; i < plain.length; i += 25) {
      await Promise.all(
        plain.slice(i, i + 25).map(async (label) =>
          send(label, async (c) => {
            c.write(`GET /${label} HTTP/1.1\r\nHost: x\r\n\r\n`);
          }),
        ),
      );
    }
    await send('plain-match', async (c) => {
      c.write(`POST / HTTP/1.1\r\n\r\nbody ${NEEDLE} tail`);
    });
    await send('hex', async (c) => {
      c.write(Buffer.concat([Buffer.from('bin:'), HEX, Buffer.from(':end')]));
    });
    // The needle straddles two socket reads; the first read is large enough to be kept as its
    // own byte-log block, so the match also straddles a block boundary.
    const first = Buffer.concat([Buffer.alloc(20_000, 0x2e), Buffer.from(NEEDLE.slice(0, 7))]);
    await send('split', async (c) => {
      c.write(first);
      const conns = await h.must('listConnections', { afterId: 0, limit: 5000 });
      const id = conns.connections.find((x) => x.remotePort === c.localPort)?.id ?? 0;
      await h.waitForConnection(id, (x) => x.in.captured === first.length, 'first read');
      c.write(`${NEEDLE.slice(7)} and more`);
    });
  });
  after(() => h.close());

  it('finds the three connections that contain the pattern', async () => {
    const all = await h.must('listConnections', { afterId: 0, limit: 5000 });
    assert.equal(all.connections.length, 200);
    const split = all.connections.find((c) => c.id === idOf.get('split'));
    assert.ok(split !== undefined && split.in.chunks >= 2, 'the split connection had two reads');
    const found = await h.must('findConnections', {
      pattern: text(NEEDLE),
      direction: 'both',
      afterId: 0,
      limit: 5000,
    });
    assert.deepEqual(
      found.ids,
      [idOf.get('plain-match'), idOf.get('split')].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    assert.equal(found.nextAfterId, null);
    assert.ok(found.scannedBytes > 20_000);
    const conn12 = await h.must('findConnections', {
      pattern: text('GET /conn-12 '),
      direction: 'in',
      afterId: 0,
      limit: 10,
    });
    assert.deepEqual(conn12.ids, [idOf.get('conn-12')]);
  });

  it('matches hex patterns and respects direction', async () => {
    const hex = { format: 'hex' as const, value: HEX.toString('hex') };
    const inbound = await h.must('findConnections', {
      pattern: hex,
      direction: 'in',
      afterId: 0,
      limit: 10,
    });
    assert.deepEqual(inbound.ids, [idOf.get('hex')]);
    // The capture behaviour sends nothing back, so the out direction has no match.
    const outbound = await h.must('findConnections', {
      pattern: hex,
      direction: 'out',
      afterId: 0,
      limit: 10,
    });
    assert.deepEqual(outbound.ids, []);
  });

  it('pages when the scan budget or the limit is reached, and the pages add up', async () => {
    const previous = setScanBudget(1000);
    try {
      const ids: number[] = [];
      let afterId = 0;
      let calls = 0;
      for (;;) {
        const page = await h.must('findConnections', {
          pattern: text('HTTP/1.1'),
          direction: 'both',
          afterId,
          limit: 5000,
        });
        calls++;
        assert.ok(page.scannedBytes < 1000 + 25_000, 'a call stops soon after its budget');
        ids.push(...page.ids);
        if (page.nextAfterId === null) break;
        assert.ok(page.nextAfterId > afterId);
        afterId = page.nextAfterId;
      }
      assert.ok(calls > 3, `took ${calls} calls`);
      assert.equal(ids.length, 198);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
    } finally {
      setScanBudget(previous);
    }
    const limited = await h.must('findConnections', {
      pattern: text('HTTP'),
      direction: 'in',
      afterId: 0,
      limit: 2,
    });
    assert.equal(limited.ids.length, 2);
    assert.equal(limited.nextAfterId, limited.ids[1]);
  });

  it('rejects an empty pattern and unknown connections', async () => {
    const empty = await h.call('findConnections', {
      pattern: text(''),
      direction: 'both',
      afterId: 0,
      limit: 10,
    });
    assert.equal(!empty.ok && empty.error.code, 'INVALID_INPUT');
    const missing = await h.call('findInPayload', {
      connectionId: 999_999,
      direction: 'in',
      pattern: text('x'),
      from: 0,
      limit: 10,
    });
    assert.equal(!missing.ok && missing.error.code, 'CONNECTION_NOT_FOUND');
  });

  it('finds offsets in a 20 MB payload, including one near the end', async () => {
    const size = 20 * 1024 * 1024;
    const body = Buffer.alloc(size, 0x61);
    // A pattern that the 'a' filler cannot produce, with overlapping repeats at the start.
    const needle = Buffer.from('zaz');
    body.write('zazaz', 1000, 'latin1');
    body.write('zaz', size - 10, 'latin1');
    const client = await connectClient(port);
    const clientPort = client.localPort;
    client.end(body);
    await once(client, 'close');
    const conns = await h.must('listConnections', { afterId: 0, limit: 5000 });
    const id = conns.connections.find((c) => c.remotePort === clientPort)?.id ?? 0;
    await h.waitForConnection(id, (c) => c.in.captured === size && c.state === 'closed');
    const pattern = text(needle.toString());
    const all = await h.must('findInPayload', {
      connectionId: id,
      direction: 'in',
      pattern,
      from: 0,
      limit: 1000,
    });
    assert.deepEqual(all, { offsets: [1000, 1002, size - 10], complete: true, patternLength: 3 });
    const first = await h.must('findInPayload', {
      connectionId: id,
      direction: 'in',
      pattern,
      from: 0,
      limit: 2,
    });
    assert.deepEqual(first.offsets, [1000, 1002]);
    assert.equal(first.complete, false);
    const next = await h.must('findInPayload', {
      connectionId: id,
      direction: 'in',
      pattern,
      from: 1003,
      limit: 2,
    });
    assert.deepEqual(next.offsets, [size - 10]);
    assert.equal(next.complete, true);

    // One findConnections over the whole 20 MB connection finds nothing that is not there. (How
    // fast it scans is a benchmark figure: npm run bench, "Payload search".)
    const scan = await h.must('findConnections', {
      pattern: text('no such bytes anywhere'),
      direction: 'in',
      afterId: id - 1,
      limit: 10,
    });
    assert.deepEqual(scan.ids, []);
    assert.ok(scan.scannedBytes >= size, `scanned ${scan.scannedBytes} of ${size} bytes`);
  });
});

describe('decompress', () => {
  let h: Harness;
  before(() => {
    h = startEngine();
  });
  after(() => h.close());

  const body = Buffer.from(
    `${'{"hello":"world ✓"}\n'.repeat(5000)}${randomBytes(3000).toString('hex')}`,
  );
  const cases = {
    gzip: gzipSync(body),
    'deflate (zlib)': deflateSync(body),
    'deflate (raw)': deflateRawSync(body),
    br: brotliCompressSync(body),
  } as const;

  for (const [name, compressed] of Object.entries(cases)) {
    it(`${name} gives Node zlib's bytes`, async () => {
      const encoding = name.startsWith('deflate') ? 'deflate' : (name as 'gzip' | 'br');
      const out = await h.must('decompress', { encoding, data: compressed.toString('base64') });
      assert.equal(out.truncated, false);
      assert.ok(Buffer.from(out.data, 'base64').equals(body));
    });
  }

  it('corrupt input is DECODE_FAILED with zlib’s reason', async () => {
    for (const encoding of ['gzip', 'deflate', 'br'] as const) {
      const garbage = Buffer.from('this is not compressed at all, not even a little');
      const result = await h.call('decompress', { encoding, data: garbage.toString('base64') });
      assert.equal(!result.ok && result.error.code, 'DECODE_FAILED', encoding);
      assert.ok(!result.ok && result.error.message.length > 30, encoding);
    }
  });

  it('output is cut at the cap and marked truncated', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1024 * 1024));
    const out = await h.must('decompress', { encoding: 'gzip', data: bomb.toString('base64') });
    assert.equal(out.truncated, true);
    assert.equal(Buffer.from(out.data, 'base64').length, MAX_DECOMPRESSED_BYTES);
  });
});
