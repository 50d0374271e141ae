// Bytes per time bucket from a connection's chunk records, and the bucket size for a span: about
// 120 buckets whatever the span, on round sizes, never below 10 ms.
import type { Direction } from '../../../../../shared/model';

const SIZES = [
  10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
  600_000, 1_800_000, 3_600_000,
];

export function bucketSizeFor(spanMs: number, buckets = 120): number {
  const want = spanMs / buckets;
  for (const size of SIZES) if (size >= want) return size;
  return SIZES[SIZES.length - 1] ?? 3_600_000;
}

export interface Buckets {
  /** Epoch ms where bucket 0 starts. */
  readonly from: number;
  readonly bucketMs: number;
  readonly in: Float64Array;
  readonly out: Float64Array;
}

/** Records (arrival time, direction, length) into buckets over [from, to]. */
export function bucketRecords(
  at: Float64Array,
  length: Float64Array,
  direction: Uint8Array,
  count: number,
  from: number,
  to: number,
  bucketMs: number,
): Buckets {
  const start = Math.floor(from / bucketMs) * bucketMs;
  const n = Math.max(1, Math.ceil((to - start) / bucketMs));
  const out: Buckets = { from: start, bucketMs, in: new Float64Array(n), out: new Float64Array(n) };
  for (let i = 0; i < count; i++) {
    const b = Math.floor(((at[i] ?? 0) - start) / bucketMs);
    if (b < 0 || b >= n) continue;
    const series = direction[i] === DIRECTION_CODE.out ? out.out : out.in;
    series[b] = (series[b] ?? 0) + (length[i] ?? 0);
  }
  return out;
}

export const DIRECTION_CODE: Record<Direction, number> = { in: 0, out: 1 };
