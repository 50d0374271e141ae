// Binary searches over ascending arrays; the connection ids and chunk offsets are sorted.

type Indexable = { readonly length: number; readonly [index: number]: number | undefined };

/** Index of the first element >= value (length when none). */
export function lowerBound(sorted: Indexable, value: number, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > value (length when none). */
export function upperBound(sorted: Indexable, value: number, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
