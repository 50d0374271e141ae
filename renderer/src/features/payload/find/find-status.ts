// The find bar's status line and how the current match moves, as pure functions.

export interface FindResults {
  readonly offsets: readonly number[];
  readonly complete: boolean;
  readonly length: number;
}

/** "3 of 17 in client → port": find searches one direction, and says which. */
export function findStatus(results: FindResults | null, index: number, where: string): string {
  if (results === null) return '';
  if (results.offsets.length === 0) {
    return results.complete ? `No matches in ${where}` : 'Searching…';
  }
  const total = `${results.offsets.length.toLocaleString('en-US')}${results.complete ? '' : '+'}`;
  return `${index < 0 ? 0 : (index + 1).toLocaleString('en-US')} of ${total} in ${where}`;
}

/**
 * The next index in `step` direction; null when the loaded offsets run out and more must be
 * fetched first (forward past the last loaded one, or backward wrapping before all are known).
 */
export function stepIndex(results: FindResults, index: number, step: 1 | -1): number | null {
  const n = results.offsets.length;
  if (n === 0) return null;
  if (step === 1) {
    if (index + 1 < n) return index + 1;
    return results.complete ? 0 : null;
  }
  if (index > 0) return index - 1;
  return results.complete ? n - 1 : null;
}
