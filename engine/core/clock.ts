// One clock for every timestamp the engine records.

/**
 * Epoch milliseconds with sub-millisecond precision. `Date.now()` only has whole milliseconds,
 * which is too coarse to order reads that arrive within the same millisecond.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
