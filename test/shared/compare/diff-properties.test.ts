// Property tests of the diff: whatever the inputs and however small the work budget, the edit
// script rebuilds side B from side A exactly, in both granularities; identical inputs give no
// hunks; the counts match the script; a diff taken a few hunks at a time gives the same script.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DiffRun, diff, diffHunks, diffIncremental } from '../../../shared/compare/diff';
import type { Granularity } from '../../../shared/compare/diff';
import { checkScript } from '../../support/edit-script';

/** Bytes from a small alphabet, so both sides share many runs (and many chance matches). */
const smallAlphabet = fc
  .array(fc.integer({ min: 0, max: 3 }), { maxLength: 300 })
  .map((v) => Uint8Array.from(v));

/** Lines from a few choices (repeats, blank lines), with or without a final newline. */
const lines = fc
  .record({
    lines: fc.array(fc.constantFrom('GET /a', 'GET /b', '', '}', 'Host: x', 'x-id: 1', 'x-id: 2'), {
      maxLength: 60,
    }),
    lastNewline: fc.boolean(),
  })
  .map(({ lines, lastNewline }) => {
    const text = lines.join('\n') + (lastNewline && lines.length > 0 ? '\n' : '');
    return new Uint8Array(Buffer.from(text));
  });

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: Uint8Array;
}

/** A side B made from A by a few edits: the shape of a replay (mostly the same). */
function edited(a: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let out = Buffer.from(a);
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    out = Buffer.concat([out.subarray(0, at), e.insert, out.subarray(at + e.remove)]);
  }
  return new Uint8Array(out);
}

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.uint8Array({ maxLength: 12 }),
});

/** Unrelated pairs, and pairs that are one side plus edits. */
function pairs(side: fc.Arbitrary<Uint8Array>) {
  return fc.oneof(
    fc.tuple(side, side),
    fc.tuple(side, fc.array(edit, { maxLength: 5 })).map(([a, e]) => [a, edited(a, e)] as const),
  );
}

/**
 * Random bytes with shared blocks at different offsets: a search sees nothing in common near
 * either corner and gives way to the resync fallback, which must find the shared blocks.
 */
const unrelatedWithBlocks = fc
  .array(
    fc.record({
      a: fc.uint8Array({ minLength: 60, maxLength: 200 }),
      b: fc.uint8Array({ minLength: 60, maxLength: 200 }),
      shared: fc.uint8Array({ minLength: 32, maxLength: 160 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => {
    const join = (side: 'a' | 'b') =>
      new Uint8Array(Buffer.concat(parts.flatMap((p) => [p[side], p.shared])));
    return [join('a'), join('b')] as const;
  });

/** Budgets from the default down to nothing at all (everything settled by the fallbacks). */
const budgets = fc.constantFrom(
  {},
  { searchLimit: 1, maxCost: 0 },
  { searchLimit: 2, maxCost: 20 },
  { searchLimit: 4, maxCost: 300 },
  { searchLimit: 16, maxCost: 5_000 },
);

const granularities: readonly Granularity[] = ['bytes', 'lines'];

describe('diff properties', () => {
  for (const granularity of granularities) {
    for (const [name, side] of [
      ['small-alphabet bytes', smallAlphabet],
      ['repetitive lines', lines],
    ] as const) {
      it(`${granularity}, ${name}: the script rebuilds B, with any budget`, () => {
        fc.assert(
          fc.property(pairs(side), budgets, fc.boolean(), ([a, b], budget, includeEqual) => {
            const r = diff(a, b, { granularity, includeEqual, ...budget });
            assert.equal(r.granularity, granularity);
            assert.equal(r.complete, true);
            checkScript(a, b, r.hunks, r.stats, includeEqual);
            if (granularity === 'bytes') assert.ok(r.hunks.every((h) => h.lines === null));
            else assert.ok(r.hunks.every((h) => h.lines !== null));
          }),
          { numRuns: 400 },
        );
      });
    }

    it(`${granularity}: identical inputs give no hunks`, () => {
      fc.assert(
        fc.property(fc.oneof(smallAlphabet, lines), budgets, (a, budget) => {
          const r = diff(a, a.slice(), { granularity, ...budget });
          assert.deepEqual(r.hunks, []);
          assert.equal(r.stats.hunks, 0);
          assert.equal(r.stats.equal, a.length);
          assert.equal(r.approximate, false);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('bytes: unrelated regions resynchronise on shared blocks, and the script is exact', () => {
    let resynchronised = 0;
    fc.assert(
      fc.property(unrelatedWithBlocks, budgets, ([a, b], budget) => {
        const r = diff(a, b, { granularity: 'bytes', includeEqual: true, ...budget });
        checkScript(a, b, r.hunks, r.stats, true);
        if (r.hunks.some((h) => h.kind === 'equal' && h.a.end - h.a.start >= 32)) resynchronised++;
      }),
      { numRuns: 300 },
    );
    assert.ok(resynchronised > 100, `${resynchronised} diffs found a shared block`);
  });

  it('a spent budget is reported as approximate, and the script is still exact', () => {
    let approximate = 0;
    fc.assert(
      fc.property(pairs(smallAlphabet), ([a, b]) => {
        const r = diff(a, b, { granularity: 'bytes', searchLimit: 1, maxCost: 0 });
        checkScript(a, b, r.hunks, r.stats);
        if (r.approximate) approximate++;
      }),
      { numRuns: 300 },
    );
    // Not a tautology: with no budget, most differing pairs cannot be searched at all.
    assert.ok(approximate > 50, `${approximate} approximate results`);
  });

  it('taken a few hunks at a time, the script is the same as taken whole', () => {
    fc.assert(
      fc.property(
        pairs(fc.oneof(smallAlphabet, lines)),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<Granularity>('bytes', 'lines'),
        ([a, b], step, granularity) => {
          const whole = diff(a, b, { granularity, includeEqual: true });
          const run = new DiffRun(a, b, { granularity, includeEqual: true });
          const pieces = [];
          while (!run.done) pieces.push(...run.take(step));
          assert.deepEqual(pieces, whole.hunks);
          assert.deepEqual(run.stats, whole.stats);
          const generated = [...diffHunks(a, b, { granularity, includeEqual: true })];
          assert.deepEqual(generated, whole.hunks);
          const first = diffIncremental(a, b, { granularity, maxHunks: step });
          const changes = whole.hunks.filter((h) => h.kind !== 'equal');
          assert.deepEqual(first.hunks, changes.slice(0, step));
          if (changes.length > step) assert.equal(first.complete, false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the generator returns the summary when it ends', () => {
    const a = new Uint8Array(Buffer.from('one\ntwo\nthree\n'));
    const b = new Uint8Array(Buffer.from('one\n2\nthree\nfour\n'));
    const it = diffHunks(a, b);
    let step = it.next();
    const hunks = [];
    while (!step.done) {
      hunks.push(step.value);
      step = it.next();
    }
    assert.equal(step.value.granularity, 'lines');
    assert.equal(step.value.stats.hunks, hunks.length);
    checkScript(a, b, hunks, step.value.stats);
  });
});
