// firstDifference and the word-wise byte runs under it: the same answers as a plain byte scan,
// whatever the arrays' alignment in memory (views at odd offsets take the bytewise paths).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backwardRun, forwardRun, wordBytes } from '../../../shared/compare/byte-runs';
import { describeFirstDifference } from '../../../shared/compare/describe';
import { firstDifference } from '../../../shared/compare/first-difference';

function naiveFirst(a: Uint8Array, b: Uint8Array): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? null : n;
}

/** A copy of `bytes` placed at `shift` bytes into a fresh buffer (to vary word alignment). */
function at(shift: number, bytes: Uint8Array): Uint8Array {
  const buffer = new Uint8Array(shift + bytes.length + 3);
  buffer.set(bytes, shift);
  return buffer.subarray(shift, shift + bytes.length);
}

/** Long equal stretches with rare differences, so the word loops run and stop mid-word. */
const similarPair = fc
  .record({
    base: fc.uint8Array({ minLength: 0, maxLength: 300 }),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
      maxLength: 3,
    }),
    cut: fc.nat({ max: 20 }),
    shiftA: fc.nat({ max: 7 }),
    shiftB: fc.nat({ max: 7 }),
  })
  .map(({ base, edits, cut, shiftA, shiftB }) => {
    const other = base.slice(0, Math.max(0, base.length - (cut % 3 === 0 ? cut : 0)));
    for (const e of edits) if (other.length > 0) other[e.at % other.length] = e.value;
    return { a: at(shiftA, base), b: at(shiftB, other) };
  });

describe('firstDifference', () => {
  it('agrees with a naive scan, at any alignment', () => {
    fc.assert(
      fc.property(similarPair, ({ a, b }) => {
        const found = firstDifference(a, b);
        assert.equal(found?.offset ?? null, naiveFirst(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives null for identical bytes and the shorter length for a prefix', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    assert.equal(firstDifference(text('same bytes'), text('same bytes')), null);
    assert.equal(firstDifference(new Uint8Array(0), new Uint8Array(0)), null);
    assert.equal(firstDifference(text('abc'), text('abcdef'))?.offset, 3);
    assert.equal(firstDifference(text('abcdef'), text('abc'))?.offset, 3);
    assert.equal(firstDifference(text(''), text('x'))?.offset, 0);
    assert.equal(
      describeFirstDifference(firstDifference(text('ab'), text('ac'))),
      'first difference at byte 1',
    );
    assert.equal(describeFirstDifference(null), 'identical');
  });

  it('returns a little context either side, from both sides', () => {
    const a = new TextEncoder().encode('HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 10:00:00 GMT');
    const b = new TextEncoder().encode('HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 10:00:07 GMT');
    const d = firstDifference(a, b, 4);
    assert.equal(d?.offset, 47);
    assert.equal(d?.context.start, 43);
    assert.equal(Buffer.from(d?.context.a ?? []).toString(), '00:00 GM');
    assert.equal(Buffer.from(d?.context.b ?? []).toString(), '00:07 GM');
  });

  it('runs forwards and backwards match a naive count', () => {
    fc.assert(
      fc.property(similarPair, fc.nat(), fc.nat(), ({ a, b }, i, j) => {
        const wa = wordBytes(a);
        const wb = wordBytes(b);
        const x = a.length === 0 ? 0 : i % (a.length + 1);
        const y = b.length === 0 ? 0 : j % (b.length + 1);
        const max = Math.min(a.length - x, b.length - y);
        let n = 0;
        while (n < max && a[x + n] === b[y + n]) n++;
        assert.equal(forwardRun(wa, x, wb, y, max), n);
        const back = Math.min(x, y);
        let m = 0;
        while (m < back && a[x - 1 - m] === b[y - 1 - m]) m++;
        assert.equal(backwardRun(wa, x, wb, y, back), m);
      }),
      { numRuns: 2000 },
    );
  });
});
