// Payload layouts over real chunk sources: hex rows (header, 16-byte rows per chunk, a note for
// dropped bytes), the hex row text, text segments, and "go to offset" loading and failing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appError, fail, ok } from '../../shared/errors';
import type { Chunk } from '../../shared/model';
import { ChunkSource } from '../../renderer/src/features/payload/data/chunk-source';
import { formatHexRow, hexOffset } from '../../renderer/src/features/payload/hex/hex-format';
import { HexLayoutModel } from '../../renderer/src/features/payload/hex/hex-layout';
import { parseOffset } from '../../renderer/src/features/payload/parse-offset';
import { TextLayoutModel } from '../../renderer/src/features/payload/text/text-layout';
import { conn, fakeApi, settle } from './support/fixtures';

const CHUNKS: Chunk[] = [
  { index: 0, direction: 'in', at: 1, offset: 0, length: 20, captured: 20 },
  { index: 1, direction: 'out', at: 2, offset: 0, length: 40, captured: 16 },
  { index: 2, direction: 'in', at: 3, offset: 20, length: 5000, captured: 5000 },
];

async function loadedSource(chunks = CHUNKS) {
  const api = fakeApi({
    readChunks: async ({ from, count }) => ok(chunks.slice(from, from + count)),
  });
  const source = new ChunkSource(api, 1);
  source.attach();
  source.update(
    conn(1, {
      chunkCount: chunks.length,
      in: { received: 5020, captured: 5020, dropped: 0, chunks: 2 },
      out: { received: 40, captured: 16, dropped: 24, chunks: 1 },
    }),
  );
  await settle();
  return source;
}

describe('hex layout', () => {
  it('lays out a header, the data rows and a dropped note per chunk', async () => {
    const model = new HexLayoutModel();
    model.sync(await loadedSource());
    // 1 + 2 rows, 1 + 1 + 1 dropped, 1 + 313 rows
    assert.equal(model.count(), 3 + 3 + 314);
    assert.equal(model.total(), model.count() * 20);
    assert.deepEqual(model.row(0), { kind: 'header', chunk: 0 });
    assert.deepEqual(model.row(2), { kind: 'data', chunk: 0, offset: 16, length: 4, lead: 0 });
    assert.deepEqual(model.row(4), { kind: 'data', chunk: 1, offset: 0, length: 16, lead: 0 });
    assert.deepEqual(model.row(5), { kind: 'dropped', chunk: 1, bytes: 24 });
    // Chunk 2 starts at offset 20: its first row is the stream's row 0x10, four columns blank.
    assert.deepEqual(model.row(7), { kind: 'data', chunk: 2, offset: 20, length: 12, lead: 4 });
    assert.deepEqual(model.row(8), { kind: 'data', chunk: 2, offset: 32, length: 16, lead: 0 });
    assert.deepEqual(model.row(319), { kind: 'data', chunk: 2, offset: 5008, length: 12, lead: 0 });
    assert.equal(model.rowFor(0, 17), 2);
    assert.equal(model.rowFor(1, 30), 5, 'a dropped offset goes to the note');
    assert.equal(model.rowFor(2, 20 + 11), 7, 'still in the first, partly blank row');
    assert.equal(model.rowFor(2, 32), 8);
    assert.equal(model.rowFor(2, 20 + 33), 6 + 1 + 2, 'offset 0x35 is on row 0x30');
    assert.equal(model.indexAt(41), 2);
  });

  it('formats a row as two hex halves and printable ASCII', () => {
    const b = Uint8Array.from([0x47, 0x45, 0x54, 0x20, 0x2f, 0x00, 0x0d, 0x0a, 0x7f, 0xff, 0x41]);
    assert.deepEqual(formatHexRow(b, 0, b.length), {
      left: '47 45 54 20 2f 00 0d 0a',
      right: ' 7f ff 41',
      ascii: 'GET /.....A',
    });
    assert.deepEqual(formatHexRow(b, 9, 2), { left: 'ff 41', right: '', ascii: '.A' });
    assert.equal(hexOffset(0x1a2b), '00001a2b');
  });
});

describe('text layout', () => {
  it('cuts chunks into segments at absolute 4 KiB multiples', async () => {
    const model = new TextLayoutModel();
    model.sync(await loadedSource(), () => 10);
    const segments = model.items.filter((i) => i.kind === 'segment');
    assert.deepEqual(
      segments.map((s) => (s.kind === 'segment' ? [s.chunk, s.start, s.end] : [])),
      [
        [0, 0, 20],
        [1, 0, 16],
        [2, 20, 4096],
        [2, 4096, 5020],
      ],
    );
    // header + 1 segment, header + segment + dropped note, header + 2 segments
    assert.equal(model.items.length, 2 + 3 + 3);
    assert.equal(model.layout.total(), 80);
    assert.equal(model.itemFor(await loadedSource(), 2, 4100), 7);
    assert.equal(model.itemFor(await loadedSource(), 2, 20), 6);
  });
});

describe('go to offset', () => {
  it('finds the chunk holding an offset, or says there is none', async () => {
    const source = await loadedSource();
    const found = await source.loadUntil('in', 30);
    assert.deepEqual(found, ok(CHUNKS[2]));
    assert.deepEqual(await source.loadUntil('out', 40), ok(null));
  });

  it('reports the real error when the records cannot be loaded', async () => {
    const error = appError('CONNECTION_NOT_FOUND', { id: 1 });
    const api = fakeApi({ readChunks: async () => fail(error) });
    const source = new ChunkSource(api, 1);
    source.attach();
    source.update(conn(1, { chunkCount: 3 }));
    await settle();
    assert.deepEqual(await source.loadUntil('in', 10), fail(error));
  });

  it('parses decimal and hex offsets', () => {
    assert.equal(parseOffset('4096'), 4096);
    assert.equal(parseOffset(' 0x1000 '), 4096);
    assert.equal(parseOffset('1000h'), 4096);
    assert.equal(parseOffset('1_024'), 1024);
    assert.equal(parseOffset('12ab'), null);
    assert.equal(parseOffset(''), null);
  });
});
