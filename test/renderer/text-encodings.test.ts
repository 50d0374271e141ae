// The Text view's other encodings: Latin-1 shows every byte as one character, UTF-16 code units
// sit at even stream offsets, and every segment of a stream together shows each byte once, also
// across segment, chunk and cache-window edges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WINDOW_BYTES,
  WINDOW_OVERLAP,
  type CachedWindow,
} from '../../renderer/src/features/payload/data/byte-cache';
import { decodeRuns } from '../../renderer/src/features/payload/text/decode-runs';
import { segmentSliceFor } from '../../renderer/src/features/payload/text/segment-slice';
import type { TextEncoding } from '../../renderer/src/features/payload/view-options/text-encoding';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => {
  const le = utf16le(s);
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
  return le;
};
const show = (enc: TextEncoding, b: Uint8Array, from = 0, to = b.length, cuts: number[] = []) =>
  decodeRuns(enc, b, from, to, cuts)
    .map((r) => (r.escape ? `[${r.text}]` : r.text))
    .join('');

describe('decodeRuns: Latin-1', () => {
  it('shows every byte as one character and escapes controls and C1', () => {
    assert.equal(show('latin1', bytes(0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff)), 'café\nÿ');
    assert.equal(
      show('latin1', bytes(0x41, 0x00, 0x0d, 0x85, 0xad, 0x7f)),
      'A[\\x00\\r\\x85\\xad\\x7f]',
    );
  });

  it('gives every run its byte range', () => {
    const runs = decodeRuns('latin1', bytes(0x41, 0x42, 0x00, 0xe9), 0, 4);
    assert.deepEqual(
      runs.map((r) => [r.start, r.end, r.escape]),
      [
        [0, 2, false],
        [2, 3, true],
        [3, 4, false],
      ],
    );
  });
});

describe('decodeRuns: UTF-16', () => {
  it('decodes both byte orders, surrogate pairs included', () => {
    assert.equal(show('utf-16le', utf16le('héllo 😀\n')), 'héllo 😀\n');
    assert.equal(show('utf-16be', utf16be('héllo 😀\n')), 'héllo 😀\n');
  });

  it('escapes an odd trailing byte, unpaired surrogates, controls and bidi overrides', () => {
    assert.equal(show('utf-16le', bytes(0x41, 0x00, 0x42)), 'A[\\x42]');
    assert.equal(show('utf-16le', bytes(0x3d, 0xd8, 0x41, 0x00)), '[\\u{d83d}]A');
    assert.equal(show('utf-16le', bytes(0x00, 0xde, 0x41, 0x00)), '[\\u{de00}]A');
    assert.equal(
      show('utf-16be', bytes(0x00, 0x0d, 0x00, 0x00, 0x20, 0x2e)),
      '[\\r\\u{0}\\u{202e}]',
    );
  });

  it('ends runs at cuts so a find match is whole runs', () => {
    const runs = decodeRuns('utf-16le', utf16le('abcdef'), 0, 12, [4, 8]);
    assert.deepEqual(
      runs.map((r) => [r.text, r.start, r.end]),
      [
        ['ab', 0, 4],
        ['cd', 4, 8],
        ['ef', 8, 12],
      ],
    );
  });
});

/** A stream's cache windows, as a view would hold them. */
function windowsOf(all: Uint8Array) {
  return (index: number, upTo = all.length): CachedWindow => {
    const base = index * WINDOW_BYTES;
    return {
      base,
      bytes: all.slice(base, Math.min(upTo, base + WINDOW_BYTES + WINDOW_OVERLAP)),
      error: null,
    };
  };
}

/** Show the segments [edges[i], edges[i+1]) of a stream one after another. */
function showSegments(enc: TextEncoding, all: Uint8Array, edges: number[]): string[] {
  const windowAt = windowsOf(all);
  const out: string[] = [];
  for (let i = 0; i + 1 < edges.length; i += 1) {
    const start = edges[i] ?? 0;
    const end = edges[i + 1] ?? 0;
    const entry = windowAt(Math.floor(start / WINDOW_BYTES));
    const slice = segmentSliceFor(enc, entry, start, end, all.length);
    out.push(slice ? show(enc, entry.bytes, slice.from, slice.to) : '∅');
  }
  return out;
}

describe('segmentSliceFor: UTF-16 across edges', () => {
  it('puts a code unit split by an odd edge (a chunk boundary) in the segment it starts in', () => {
    const all = utf16le('abcdef');
    const parts = showSegments('utf-16le', all, [0, 5, 12]);
    assert.deepEqual(parts, ['abc', 'def']);
  });

  it('keeps a surrogate pair across a segment edge whole, in the earlier segment', () => {
    const all = utf16le('ab😀cd'); // 😀 at bytes 4..8
    assert.deepEqual(showSegments('utf-16le', all, [0, 6, 12]), ['ab😀', 'cd']);
    const be = utf16be('ab😀cd');
    assert.deepEqual(showSegments('utf-16be', be, [0, 7, 12]), ['ab😀', 'cd']);
  });

  it('shows every byte once when a surrogate pair straddles a 64 KiB window edge', () => {
    const text = `${'x'.repeat(WINDOW_BYTES / 2 - 2)}é😀yz`; // 😀's halves either side of the edge
    const all = utf16le(text);
    const edges = [WINDOW_BYTES - 4096, WINDOW_BYTES - 1, WINDOW_BYTES, all.length];
    const parts = showSegments(
      'utf-16le',
      all,
      edges.filter((e) => e <= all.length),
    );
    // The pair straddles the window edge: both halves show as escapes, each exactly once.
    assert.equal(parts.join(''), `${'x'.repeat(2046)}é[\\u{d83d}][\\u{de00}]yz`);
  });

  it('while bytes are arriving, shows whole code units and holds a lone high surrogate', () => {
    const all = utf16le('ab😀');
    const entry: CachedWindow = { base: 0, bytes: all.slice(0, 7), error: null };
    const slice = segmentSliceFor('utf-16le', entry, 0, 8, 100);
    assert.deepEqual(slice, { from: 0, to: 4 });
  });

  it('Latin-1 segments are exactly their bytes', () => {
    const all = bytes(0x61, 0xe9, 0x62, 0x63);
    assert.deepEqual(showSegments('latin1', all, [0, 1, 3, 4]), ['a', 'éb', 'c']);
  });
});
