// Captured bytes as text: hostile bytes become visible escapes, and a character split across
// segments or cache windows is shown once, whole, by the segment it starts in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WINDOW_BYTES,
  WINDOW_OVERLAP,
  type CachedWindow,
} from '../../renderer/src/features/payload/data/byte-cache';
import {
  segmentNeedEnd,
  segmentSlice,
} from '../../renderer/src/features/payload/text/segment-bytes';
import {
  boundaryAfterContinuations,
  completeSequenceEnd,
  escapeBytes,
} from '../../renderer/src/features/payload/text/utf8-escape';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const bytes = (...b: number[]) => Uint8Array.from(b);
const show = (b: Uint8Array, from = 0, to = b.length) =>
  escapeBytes(b, from, to)
    .map((r) => (r.escape ? `[${r.text}]` : r.text))
    .join('');

describe('escapeBytes', () => {
  it('decodes valid UTF-8 and keeps newlines and tabs', () => {
    assert.equal(show(utf8('héllo €\t😀\nend')), 'héllo €\t😀\nend');
  });

  it('escapes control bytes, CR and DEL', () => {
    assert.equal(show(bytes(0x00, 0x41, 0x0d, 0x0a, 0x1b, 0x7f)), '[\\x00]A[\\r]\n[\\x1b\\x7f]');
  });

  it('escapes bidi overrides and invisible code points instead of applying them', () => {
    assert.equal(show(utf8('a\u202Eb\u200Bc\uFEFF')), 'a[\\u{202e}]b[\\u{200b}]c[\\u{feff}]');
    assert.deepEqual(escapeBytes(utf8('x\u2066'), 0, 4), [
      { text: 'x', escape: false },
      { text: '\\u{2066}', escape: true },
    ]);
  });

  it('escapes invalid, overlong and surrogate sequences byte by byte', () => {
    assert.equal(
      show(bytes(0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80)),
      '[\\xff\\xc0\\x80\\xed\\xa0\\x80]',
    );
  });

  it('escapes a character cut by the end of the range', () => {
    assert.equal(show(utf8('€'), 0, 2), '[\\xe2\\x82]');
  });
});

describe('UTF-8 boundaries', () => {
  it('moves a boundary past the continuation bytes of the character before it', () => {
    const b = utf8('a€b'); // 61 e2 82 ac 62
    assert.equal(boundaryAfterContinuations(b, 2, b.length), 4);
    assert.equal(boundaryAfterContinuations(b, 1, b.length), 1);
    assert.equal(boundaryAfterContinuations(b, 3, 4), 4, 'stops at the limit');
  });

  it('ends a range before a character whose tail has not arrived', () => {
    const b = utf8('ab😀'); // 61 62 f0 9f 98 80
    assert.equal(completeSequenceEnd(b, 0, 6), 6);
    assert.equal(completeSequenceEnd(b, 0, 5), 2);
    assert.equal(completeSequenceEnd(b, 0, 3), 2);
    assert.equal(completeSequenceEnd(b, 0, 2), 2);
    assert.equal(completeSequenceEnd(bytes(0xe2, 0x41), 0, 2), 2, 'an invalid lead is not held');
  });
});

/** A direction's stream and the cache windows a view would hold for it. */
function stream(text: string) {
  const all = utf8(text);
  const windowAt = (index: number, upTo = all.length): CachedWindow => {
    const base = index * WINDOW_BYTES;
    const end = Math.min(upTo, base + WINDOW_BYTES + WINDOW_OVERLAP);
    return { base, bytes: all.slice(base, end), error: null };
  };
  return { all, windowAt };
}

function segmentText(entry: CachedWindow, start: number, end: number, capturedEnd: number) {
  const slice = segmentSlice(entry, start, end, capturedEnd);
  return slice ? show(entry.bytes, slice.from, slice.to) : null;
}

describe('segments across cache windows', () => {
  // 65,534 ASCII bytes, then € (3 bytes) across the 64 KiB window edge, then 😀 and text.
  const text = `${'a'.repeat(WINDOW_BYTES - 2)}€b😀c`;
  const { all, windowAt } = stream(text);
  const total = all.length;

  it('shows a character split by the window edge once, in the segment it starts in', () => {
    const before = segmentText(windowAt(0), WINDOW_BYTES - 4096, WINDOW_BYTES, total);
    const after = segmentText(windowAt(1), WINDOW_BYTES, total, total);
    assert.equal(before?.slice(-3), 'aa€');
    assert.equal(after, 'b😀c');
    assert.equal((before ?? '') + after, text.slice(WINDOW_BYTES - 4096));
  });

  it('asks for the tail of a character past the segment end, within the overlap', () => {
    assert.equal(segmentNeedEnd(WINDOW_BYTES, total), WINDOW_BYTES + 3);
    assert.equal(segmentNeedEnd(total, total), total);
    assert.ok(WINDOW_BYTES + 3 <= WINDOW_BYTES + WINDOW_OVERLAP);
  });

  it('while a window is still arriving, shows what is complete and nothing broken', () => {
    // Only e2 82 of € have arrived: the segment shows its ASCII, not \xe2\x82.
    const partial = windowAt(0, WINDOW_BYTES);
    const shown = segmentText(partial, WINDOW_BYTES - 4096, WINDOW_BYTES, total);
    assert.equal(shown, 'a'.repeat(4094));
    // A segment that starts past what has arrived is not shown at all yet.
    assert.equal(segmentSlice(windowAt(1, WINDOW_BYTES), WINDOW_BYTES, total, total), null);
  });

  it('shows the stream end as it is when nothing more was captured', () => {
    const cut = utf8('ok€').slice(0, 4); // 6f 6b e2 82: the engine has no more bytes
    const entry: CachedWindow = { base: 0, bytes: cut, error: null };
    assert.equal(segmentText(entry, 0, 4, 4), 'ok[\\xe2\\x82]');
  });
});
