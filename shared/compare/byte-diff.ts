// Byte granularity: the engine over the bytes themselves, resynchronising on shared blocks where
// a region looks unrelated (see resync.ts).

import { type EngineState, type RawHunk, runDiff } from './diff-engine';
import type { Hunk } from './hunk';
import type { Meter, UnrelatedCheck } from './middle-snake';
import { resyncFallback } from './resync';
import { ByteSequences } from './sequences';

export interface Budget {
  readonly searchLimit: number;
  readonly maxCost: number;
}

/**
 * A search that has taken 64 steps without seeing 8 equal bytes in a row from either corner is
 * looking at unrelated bytes (random, compressed, encrypted): resynchronise instead.
 */
const UNRELATED: UnrelatedCheck = { steps: 64, below: 8 };

/** The engine over bytes, in element units. */
export function byteEngine(
  a: Uint8Array,
  b: Uint8Array,
  searchLimit: number,
  meter: Meter,
  state: EngineState,
): Generator<RawHunk, void, undefined> {
  const seq = new ByteSequences(a, b);
  const fallback = resyncFallback(seq, UNRELATED.below);
  return runDiff(seq, { searchLimit, meter, fallback, unrelated: UNRELATED }, state);
}

export function* byteHunks(
  a: Uint8Array,
  b: Uint8Array,
  budget: Budget,
  state: EngineState,
): Generator<Hunk, void, undefined> {
  const meter = { remaining: budget.maxCost };
  for (const h of byteEngine(a, b, budget.searchLimit, meter, state)) {
    const { kind, x0, x1, y0, y1 } = h;
    yield { kind, a: { start: x0, end: x1 }, b: { start: y0, end: y1 }, lines: null };
  }
}
