// JSON field differences by path: key order ignored, arrays by position, deep nesting without
// recursion, values shown short, and the number listed capped.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type JsonDifference, diffJson, previewJson } from '../../../shared/compare/json-diff';

describe('JSON diff', () => {
  it('ignores key order and reports by path', () => {
    const a = { b: 1, a: { x: [1, 2, 3], 'y-z': null } };
    const b = { a: { 'y-z': false, x: [1, 5] }, b: 1, c: 'new' };
    const expected: JsonDifference[] = [
      { kind: 'json', change: 'changed', path: '$.a.x[1]', a: '2', b: '5' },
      { kind: 'json', change: 'removed', path: '$.a.x[2]', a: '3', b: null },
      { kind: 'json', change: 'changed', path: '$.a["y-z"]', a: 'null', b: 'false' },
      { kind: 'json', change: 'added', path: '$.c', a: null, b: '"new"' },
    ];
    assert.deepEqual(diffJson(a, b).differences, expected);
  });

  it('reports a change of type as one change, not a walk into the new value', () => {
    assert.deepEqual(diffJson({ v: [1] }, { v: { 0: 1 } }).differences, [
      { kind: 'json', change: 'changed', path: '$.v', a: '[1]', b: '{"0":1}' },
    ]);
    assert.deepEqual(diffJson('1', 1).differences, [
      { kind: 'json', change: 'changed', path: '$', a: '"1"', b: '1' },
    ]);
  });

  it('finds no differences between equal values, whatever their shape', () => {
    const json = fc.jsonValue();
    fc.assert(
      fc.property(json, (v) => {
        const copy: unknown = JSON.parse(JSON.stringify(v));
        assert.deepEqual(diffJson(v, copy), { differences: [], omitted: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('finds a difference between different values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        const found = diffJson(a, b).differences.length > 0;
        // Key order aside, values that serialise differently differ.
        if (!same && found === false) {
          const sorted = (v: unknown): unknown =>
            Array.isArray(v)
              ? v.map(sorted)
              : v !== null && typeof v === 'object'
                ? Object.fromEntries(
                    Object.entries(v)
                      .sort(([x], [y]) => (x < y ? -1 : 1))
                      .map(([k, x]) => [k, sorted(x)]),
                  )
                : v;
          assert.equal(JSON.stringify(sorted(a)), JSON.stringify(sorted(b)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles deep nesting and caps what it lists', () => {
    let deepA: unknown = 1;
    let deepB: unknown = 2;
    for (let i = 0; i < 50_000; i++) {
      deepA = [deepA];
      deepB = [deepB];
    }
    const deep = diffJson(deepA, deepB);
    assert.equal(deep.differences.length, 1);
    assert.equal(deep.differences[0]?.path.length, 1 + 50_000 * 3);
    assert.equal(previewJson(deepA).length, 80);

    const many = diffJson(
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 500 }, (_, i) => -i - 1),
      200,
    );
    assert.equal(many.differences.length, 200);
    assert.equal(many.omitted, 300);
  });
});
