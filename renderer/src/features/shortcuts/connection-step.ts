// Next / previous connection over the ids the list shows (ascending, filtered), by binary
// search: the list can hold 100,000 connections.
import { lowerBound } from '../../lib/search';

/**
 * The id one row after (step 1) or before (step -1) the selected one, or null at either end.
 * With no selection, "next" starts at the first row and "previous" at the last, as the arrow
 * keys in the list do; a selection the filter hides steps to its nearest shown neighbour.
 */
export function steppedId(
  ids: readonly number[],
  selectedId: number | null,
  step: 1 | -1,
): number | null {
  if (ids.length === 0) return null;
  if (selectedId === null) return (step === 1 ? ids[0] : ids[ids.length - 1]) ?? null;
  const at = lowerBound(ids, selectedId);
  const shown = ids[at] === selectedId;
  const next = step === 1 ? (shown ? at + 1 : at) : at - 1;
  return ids[next] ?? null;
}
