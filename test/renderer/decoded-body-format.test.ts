// Body classification for the Decoded tab: JSON is pretty-printed (and still escaped), raster
// images are recognised by magic bytes whatever the header says, SVG and binary are never shown
// as images, and long text is cut for display.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BODY_TEXT_LIMIT,
  formatBody,
  isJsonType,
  sniffImage,
} from '../../renderer/src/features/payload/decoded/body-format';
import { encodeBase64 } from '../../renderer/src/features/payload/decoded/base64-encode';
import { escapeBytes } from '../../renderer/src/features/payload/text/utf8-escape';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function textOf(body: ReturnType<typeof formatBody>): string {
  assert.ok(body.kind === 'json' || body.kind === 'text', `got ${body.kind}`);
  return body.runs.map((r) => r.text).join('');
}

describe('formatBody', () => {
  it('pretty-prints JSON with a JSON content type', () => {
    const body = formatBody(utf8('{"a":1,"b":[true,null]}'), 'application/json; charset=utf-8');
    assert.equal(body.kind, 'json');
    assert.equal(textOf(body), '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
  });

  it('pretty-prints JSON sent as text/plain, and keeps invalid JSON as text', () => {
    assert.equal(formatBody(utf8(' [1,2]'), 'text/plain').kind, 'json');
    const broken = formatBody(utf8('{"a":'), 'application/json');
    assert.equal(broken.kind, 'text');
    assert.equal(textOf(broken), '{"a":');
  });

  it('escapes bidi overrides inside JSON strings', () => {
    const body = formatBody(utf8('{"x":"a\u202eb"}'), 'application/json');
    assert.equal(body.kind, 'json');
    assert.ok(body.runs.some((r) => r.escape && r.text.includes('202e')));
    assert.ok(!textOf(body).includes('\u202e'));
  });

  it('shows raster images by magic bytes as data: URLs, whatever the content type says', () => {
    const body = formatBody(PNG, 'text/plain');
    assert.equal(body.kind, 'image');
    assert.equal(body.url, `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`);
  });

  it('never shows SVG as an image', () => {
    const svg = utf8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const body = formatBody(svg, 'image/svg+xml');
    assert.equal(body.kind, 'text');
  });

  it('calls bytes with NULs or many controls binary', () => {
    assert.deepEqual(formatBody(new Uint8Array([1, 0, 2, 3]), 'application/octet-stream'), {
      kind: 'binary',
      size: 4,
    });
    assert.deepEqual(formatBody(new Uint8Array(0), null), { kind: 'empty' });
  });

  it('cuts long text at the display limit without splitting a character', () => {
    const long = utf8(`${'a'.repeat(BODY_TEXT_LIMIT - 1)}é and more`);
    const body = formatBody(long, 'text/plain');
    assert.equal(body.kind, 'text');
    assert.equal(body.cut, true);
    assert.equal(textOf(body), 'a'.repeat(BODY_TEXT_LIMIT - 1));
  });
});

describe('escapeBytes on long ASCII runs', () => {
  it('escapes a 4 MiB run without overflowing the stack, as one text run', () => {
    // One String.fromCharCode(...run) of this size throws RangeError on any thread.
    const bytes = utf8(`${'a'.repeat(4 * 1024 * 1024)}\u0000b`);
    const runs = escapeBytes(bytes, 0, bytes.length);
    assert.equal(runs.map((r) => (r.escape ? 'E' : 'T')).join(''), 'TET');
    assert.equal(runs[0]?.text.length, 4 * 1024 * 1024);
  });
});

describe('sniffImage and helpers', () => {
  it('knows png, jpeg, gif and webp', () => {
    assert.equal(sniffImage(PNG), 'image/png');
    assert.equal(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
    assert.equal(sniffImage(utf8('GIF89a')), 'image/gif');
    assert.equal(sniffImage(utf8('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
    assert.equal(sniffImage(utf8('RIFF\0\0\0\0WAVE')), null);
  });

  it('recognises JSON media types', () => {
    assert.ok(isJsonType('application/problem+json'));
    assert.ok(!isJsonType('text/html'));
    assert.ok(!isJsonType(null));
  });

  it('encodes base64 like Buffer does', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    assert.equal(encodeBase64(bytes), Buffer.from(bytes).toString('base64'));
  });
});
