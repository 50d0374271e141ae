// The middle value of a set of benchmark rounds: one outlier round (a burst of outside load on a
// shared machine) moves it far less than it moves a mean.
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
