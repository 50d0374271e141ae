// Time from selecting a connection to the first payload bytes on screen, as a Performance
// measure ("porthole:payload-open") that tests and benchmarks can read.

const SELECT_MARK = 'porthole:payload-select';
const OPEN_MEASURE = 'porthole:payload-open';

let measuredFor: number | null = null;

export function markSelection(connectionId: number | null): void {
  measuredFor = null;
  if (connectionId !== null) performance.mark(SELECT_MARK, { detail: connectionId });
}

/** Call after a render that showed bytes; records the measure once per selection. */
export function markFirstBytes(connectionId: number): void {
  if (measuredFor === connectionId) return;
  measuredFor = connectionId;
  if (performance.getEntriesByName(SELECT_MARK).length === 0) return;
  performance.measure(OPEN_MEASURE, { start: SELECT_MARK, detail: connectionId });
}
