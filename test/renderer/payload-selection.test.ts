// Copying a selection: a caret in a rendered span maps to the byte it stands for (text runs of
// every encoding, escape runs, hex pairs, the ASCII column), pieces become one byte range, and
// the bytes are formatted as hex, base64, text or an escaped string that parses back to them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePayloadSpec } from '../../shared/payload-spec';
import { combinePieces } from '../../renderer/src/features/payload/selection/byte-range';
import {
  byteOffsetIn,
  spanBytes,
} from '../../renderer/src/features/payload/selection/char-to-byte';
import {
  formatSelection,
  toBase64,
  toEscaped,
  toHex,
} from '../../renderer/src/features/payload/selection/format-selection';
import { decodeRuns } from '../../renderer/src/features/payload/text/decode-runs';
import type { TextEncoding } from '../../renderer/src/features/payload/view-options/text-encoding';

describe('byteOffsetIn: text and escape runs', () => {
  it('counts UTF-8 bytes of the characters before the caret', () => {
    assert.equal(byteOffsetIn('t:utf-8', 'aé€😀', 0, 'start'), 0);
    assert.equal(byteOffsetIn('t:utf-8', 'aé€😀', 2, 'start'), 3);
    assert.equal(byteOffsetIn('t:utf-8', 'aé€😀', 3, 'end'), 6);
    assert.equal(spanBytes('t:utf-8', 'aé€😀'), 10);
  });

  it('counts one byte per Latin-1 character and two per UTF-16 code unit', () => {
    assert.equal(byteOffsetIn('t:latin1', 'café', 3, 'start'), 3);
    assert.equal(byteOffsetIn('t:utf-16le', 'ab😀', 2, 'start'), 4);
    assert.equal(spanBytes('t:utf-16be', 'ab😀'), 8);
  });

  it('rounds a caret inside an escape outward to whole bytes', () => {
    const text = '\\r\\x00\\u{202e}'; // 1 + 1 + 3 bytes in UTF-8
    assert.equal(byteOffsetIn('e:utf-8', text, 0, 'start'), 0);
    assert.equal(byteOffsetIn('e:utf-8', text, 1, 'start'), 0, 'inside \\r');
    assert.equal(byteOffsetIn('e:utf-8', text, 1, 'end'), 1);
    assert.equal(byteOffsetIn('e:utf-8', text, 2, 'start'), 1, 'between \\r and \\x00');
    assert.equal(byteOffsetIn('e:utf-8', text, 4, 'end'), 2, 'inside \\x00');
    assert.equal(spanBytes('e:utf-8', text), 5);
    assert.equal(spanBytes('e:utf-16le', '\\r\\u{0}\\u{1f600}\\x41'), 2 + 2 + 4 + 1);
  });

  it('agrees with the decoder: every run spans exactly the bytes it came from', () => {
    const cases: [TextEncoding, number[]][] = [
      ['utf-8', [0x61, 0xc3, 0xa9, 0x00, 0x0d, 0xe2, 0x80, 0xae, 0xff, 0xf0, 0x9f, 0x98, 0x80]],
      ['latin1', [0x61, 0xe9, 0x00, 0x85, 0x0d, 0xff]],
      ['utf-16le', [0x61, 0x00, 0x0d, 0x00, 0x3d, 0xd8, 0x00, 0xde, 0x00, 0xd8, 0x41]],
      ['utf-16be', [0x00, 0x61, 0x20, 0x2e, 0xd8, 0x3d, 0xde, 0x00]],
    ];
    for (const [encoding, list] of cases) {
      for (const run of decodeRuns(encoding, Uint8Array.from(list), 0, list.length)) {
        const map = `${run.escape ? 'e' : 't'}:${encoding}` as const;
        assert.equal(spanBytes(map, run.text), run.end - run.start, `${encoding} ${run.text}`);
      }
    }
  });
});

describe('byteOffsetIn: hex and ASCII columns', () => {
  it('maps carets in "aa bb cc" to bytes, including a partly selected pair', () => {
    const left = '00 11 22';
    assert.equal(byteOffsetIn('h0', left, 0, 'start'), 0);
    assert.equal(byteOffsetIn('h0', left, 1, 'start'), 0);
    assert.equal(byteOffsetIn('h0', left, 2, 'start'), 1);
    assert.equal(byteOffsetIn('h0', left, 1, 'end'), 1);
    assert.equal(byteOffsetIn('h0', left, 3, 'end'), 1);
    assert.equal(byteOffsetIn('h0', left, 4, 'end'), 2);
    assert.equal(spanBytes('h0', left), 3);
  });

  it('maps carets in " aa bb" (a leading space) and the ASCII column', () => {
    const right = ' 88 99';
    assert.equal(byteOffsetIn('h1', right, 0, 'start'), 0);
    assert.equal(byteOffsetIn('h1', right, 3, 'start'), 1);
    assert.equal(byteOffsetIn('h1', right, 1, 'end'), 0);
    assert.equal(byteOffsetIn('h1', right, 2, 'end'), 1);
    assert.equal(spanBytes('h1', right), 2);
    assert.equal(byteOffsetIn('a', 'ab.d', 3, 'end'), 3);
  });
});

describe('combinePieces', () => {
  it('joins the pieces of one direction into one range', () => {
    assert.deepEqual(
      combinePieces([
        { direction: 'in', start: 16, end: 32, column: 'text' },
        { direction: 'in', start: 4, end: 16, column: 'text' },
        { direction: 'in', start: 20, end: 24, column: 'text' },
      ]),
      { direction: 'in', start: 4, end: 32 },
    );
  });

  it('keeps the direction the selection starts in, and ignores empty pieces', () => {
    assert.deepEqual(
      combinePieces([
        { direction: 'out', start: 5, end: 5, column: 'text' },
        { direction: 'in', start: 10, end: 12, column: 'text' },
        { direction: 'out', start: 0, end: 100, column: 'text' },
        { direction: 'in', start: 12, end: 30, column: 'text' },
      ]),
      { direction: 'in', start: 10, end: 30 },
    );
    assert.equal(combinePieces([]), null);
  });

  it('across hex rows, keeps the column the selection starts in', () => {
    // Hex bytes 7.. of row 0, the whole ASCII column of row 0, hex bytes ..5 of row 1.
    assert.deepEqual(
      combinePieces([
        { direction: 'in', start: 7, end: 16, column: 'hex' },
        { direction: 'in', start: 0, end: 16, column: 'ascii' },
        { direction: 'in', start: 16, end: 21, column: 'hex' },
      ]),
      { direction: 'in', start: 7, end: 21 },
    );
  });
});

describe('formatting selected bytes', () => {
  const sample = Uint8Array.from([
    0x47, 0x45, 0x54, 0x20, 0x5c, 0x0d, 0x0a, 0x00, 0x1b, 0x09, 0x7f, 0xc3, 0xa9,
  ]);

  it('hex and base64', () => {
    assert.equal(toHex(Uint8Array.from([0x00, 0xab, 0x10])), '00 ab 10');
    assert.equal(toBase64(sample), Buffer.from(sample).toString('base64'));
    const big = new Uint8Array(200_000).map((_, i) => i & 255);
    assert.equal(toBase64(big), Buffer.from(big).toString('base64'));
  });

  it('an escaped string uses the payload escapes and parses back to the same bytes', () => {
    const escaped = toEscaped(sample);
    assert.equal(escaped, 'GET \\\\\\r\\n\\0\\e\\t\\x7f\\xc3\\xa9');
    const parsed = parsePayloadSpec({ format: 'text', value: escaped });
    assert.ok(parsed.ok);
    assert.deepEqual([...parsed.bytes], [...sample]);
  });

  it('every byte value survives the escaped round trip', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const parsed = parsePayloadSpec({ format: 'text', value: toEscaped(all) });
    assert.ok(parsed.ok);
    assert.deepEqual([...parsed.bytes], [...all]);
  });

  it('text in the chosen encoding (Latin-1 is ISO-8859-1, not windows-1252)', () => {
    assert.equal(
      formatSelection(Uint8Array.from([0x63, 0xe9, 0x80]), 'text', 'latin1'),
      'cé\u0080',
    );
    assert.equal(
      formatSelection(Uint8Array.from([0x68, 0x00, 0x69, 0x00]), 'text', 'utf-16le'),
      'hi',
    );
    assert.equal(formatSelection(Uint8Array.from([0xc3, 0xa9]), 'text', 'utf-8'), 'é');
  });
});
