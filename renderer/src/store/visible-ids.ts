// The ids the connection list shows under the current filter. Without a filter that is the
// store's id array itself (no copy, so 100,000 rows cost nothing per frame). With one, a sorted
// copy kept up to date from what each frame changed: O(changed · log n) per frame, and a full
// O(n) pass only when the filter itself changes or history is cleared.
import type { ConnectionInfo } from '../../../shared/model';
import { lowerBound } from '../lib/search';
import {
  compileFilter,
  forgetAddressKeys,
  isFiltering,
  type ConnectionFilter,
} from './connection-filter';
import { insertSortedIds, removeSortedIds } from './connection-index';

export { isFiltering } from './connection-filter';

/** Every id that passes the filter, in order; `ids` itself when nothing is filtered. */
export function filterIds(
  map: ReadonlyMap<number, ConnectionInfo>,
  ids: number[],
  filter: ConnectionFilter,
): number[] {
  if (!isFiltering(filter)) return ids;
  // A full pass is O(n) anyway: the moment to drop cached keys of forgotten connections.
  if (filter.address !== '') forgetAddressKeys(map);
  const passes = compileFilter(filter);
  const out: number[] = [];
  for (const id of ids) {
    const c = map.get(id);
    if (c !== undefined && passes(c)) out.push(id);
  }
  return out;
}

/**
 * Bring a filtered id array up to date after the connections in `changed` were upserted or
 * removed (the map already holds the outcome). Mutates `visible` in place and returns it, or
 * a merged copy when an added id falls before the last visible one.
 */
export function updateVisibleIds(
  map: ReadonlyMap<number, ConnectionInfo>,
  visible: number[],
  filter: ConnectionFilter,
  changed: ReadonlySet<number>,
): number[] {
  const passes = compileFilter(filter);
  const drop = new Set<number>();
  const add: number[] = [];
  for (const id of changed) {
    const c = map.get(id);
    const wanted = c !== undefined && passes(c);
    const present = visible[lowerBound(visible, id)] === id;
    if (wanted && !present) add.push(id);
    else if (!wanted && present) drop.add(id);
  }
  removeSortedIds(visible, drop);
  return insertSortedIds(visible, add);
}
