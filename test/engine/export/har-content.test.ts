// Bodies as HAR content: what is text and what goes as base64, the content-encoding undone or
// (when it cannot be) the bytes kept with a note, and the 16 MiB cap marked as truncated.

import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { bodyContent } from '../../../engine/export/har/har-content';
import type { DecodedBody } from '../../../shared/decoders/types';

const body = (bytes: Uint8Array, contentEncoding: string | null = null, complete = true) =>
  ({
    bytes,
    range: { direction: 'out', offset: 0, length: bytes.length },
    contentType: null,
    contentEncoding,
    complete,
  }) satisfies DecodedBody;

describe('HAR body content', () => {
  it('keeps textual types as text and the rest as base64', async () => {
    const json = await bodyContent(body(Buffer.from('{"a":"é"}')), 'application/json');
    assert.deepEqual(json, { size: 10, text: '{"a":"é"}', truncated: false, note: null });
    const png = await bodyContent(body(Buffer.from('plain')), 'image/png');
    assert.equal(png.encoding, 'base64');
    assert.equal(png.text, Buffer.from('plain').toString('base64'));
    // Untyped: text only when it reads as text.
    assert.equal((await bodyContent(body(Buffer.from('hi there')), '')).encoding, undefined);
    assert.equal((await bodyContent(body(Buffer.from([104, 0, 105])), '')).encoding, 'base64');
    const badUtf8 = await bodyContent(body(Buffer.from([0xc3, 0x28])), 'text/plain');
    assert.equal(badUtf8.encoding, 'base64', 'text/plain that is not UTF-8 is kept exactly');
  });

  it('undoes gzip, x-gzip and br, and keeps a corrupt body as sent with a note', async () => {
    const text = 'abc '.repeat(1000);
    for (const [coding, data] of [
      ['gzip', gzipSync(text)],
      ['x-gzip', gzipSync(text)],
      ['br', brotliCompressSync(text)],
    ] as const) {
      const content = await bodyContent(body(data, coding), 'text/plain');
      assert.equal(content.text, text, coding);
      assert.equal(content.size, text.length);
    }
    const corrupt = Buffer.from('not gzip at all');
    const kept = await bodyContent(body(corrupt, 'gzip'), 'text/plain');
    assert.equal(kept.text, 'not gzip at all');
    assert.match(kept.note ?? '', /content-encoding gzip not undone/);
    const unknown = await bodyContent(body(corrupt, 'zstd'), 'text/plain');
    assert.match(unknown.note ?? '', /zstd not undone: unsupported/);
  });

  it('marks a cut body, and cuts one past 16 MiB, as truncated', async () => {
    assert.equal(
      (await bodyContent(body(Buffer.from('par'), null, false), 'text/plain')).truncated,
      true,
    );
    const big = Buffer.alloc(16 * 1024 * 1024 + 10, 0x61);
    const capped = await bodyContent(body(big), 'text/plain');
    assert.equal(capped.truncated, true);
    assert.equal(capped.size, 16 * 1024 * 1024);
    const bomb = await bodyContent(body(gzipSync(big), 'gzip'), 'text/plain');
    assert.equal(bomb.truncated, true, 'decompression stops at the cap');
    assert.equal(bomb.size, 16 * 1024 * 1024);
  });
});
