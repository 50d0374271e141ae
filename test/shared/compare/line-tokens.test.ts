// Lines as tokens: equal lines get one id and different lines different ids, across both sides
// and however many distinct lines there are (the table grows many times over here).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lineTokens } from '../../../shared/compare/line-tokens';

const text = (lines: readonly string[]) => new Uint8Array(Buffer.from(lines.join('')));

function linesOf(bytes: Uint8Array, starts: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    out.push(Buffer.from(bytes.subarray(starts[i], starts[i + 1])).toString('latin1'));
  }
  return out;
}

describe('line tokens', () => {
  it('gives equal lines one id across sides, through many table growths', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${(i * 7919) % 50_000}\n`);
    const a = text(lines);
    const b = text([...lines].reverse());
    const t = lineTokens(a, b);
    assert.equal(t.idCount, 50_000);
    assert.equal(t.a.length, 50_000);
    for (let i = 0; i < t.a.length; i++) assert.equal(t.b[t.b.length - 1 - i], t.a[i]);
    assert.equal(new Set(t.a).size, 50_000);
  });

  it('ids match line contents exactly, with line starts that rebuild the bytes', () => {
    const line = fc.constantFrom('a', 'b', '', 'a\r', 'long line with words', '\x00\xff');
    const side = fc
      .tuple(fc.array(line, { maxLength: 40 }), fc.boolean())
      .map(([ls, last]) => text(ls.map((l, i) => (i < ls.length - 1 || last ? `${l}\n` : l))));
    fc.assert(
      fc.property(side, side, (a, b) => {
        const t = lineTokens(a, b);
        const la = linesOf(a, t.aStarts);
        const lb = linesOf(b, t.bStarts);
        assert.equal(la.join(''), Buffer.from(a).toString('latin1'));
        assert.equal(lb.join(''), Buffer.from(b).toString('latin1'));
        const all = [...la, ...lb];
        const ids = [...t.a, ...t.b];
        for (let i = 0; i < all.length; i++) {
          for (let j = 0; j < all.length; j++) {
            assert.equal(ids[i] === ids[j], all[i] === all[j], `${all[i]} / ${all[j]}`);
          }
        }
        assert.equal(t.idCount, new Set(all).size);
      }),
      { numRuns: 300 },
    );
  });
});
