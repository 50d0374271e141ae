// Step times as the dialog shows them: milliseconds with one decimal, from a monotonic clock.

export function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
