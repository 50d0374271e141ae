// One frame's worth of queued ops as one state update. Each slice reduces the ops it owns
// (listeners are copied on write; connections are mutated in place, so the cost is
// proportional to what changed, not to the size of the history); what spans slices — the
// visible ids under the filter, and a selection whose connection went — is settled here.
import type { ConnectionFilter } from './connection-filter';
import { reduceConnections } from './connections-slice';
import { reduceFilter } from './filter-slice';
import { reduceListeners } from './listeners-slice';
import type { PortholeState } from './porthole-state';
import { selectionAfter } from './selection-slice';
import { reduceStats } from './stats-slice';
import type { StoreOp } from './store-op';
import { filterIds, isFiltering, updateVisibleIds } from './visible-ids';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function reduceOps(state: PortholeState, ops: readonly StoreOp[]): Partial<PortholeState> {
  const listeners = reduceListeners(state, ops);
  const connections = reduceConnections(state, ops);
  const filter = reduceFilter(state.filter, ops, listeners?.listeners ?? null);

  const next: Partial<Mutable<PortholeState>> = {
    stats: reduceStats(state.stats, ops),
    unconfirmed: connections.unconfirmed,
    loading: connections.loading,
    ...listeners,
  };
  if (filter !== state.filter) next.filter = filter;
  if (connections.touched || filter !== state.filter) {
    const { ids, changed } = connections;
    next.connectionIds = ids;
    next.visibleIds = visibleAfter(state, filter, ids, changed);
    next.connectionsVersion = state.connectionsVersion + 1;
    const selectedId = selectionAfter(state.selectedId, state.connections);
    if (selectedId !== state.selectedId) next.selectedId = selectedId;
  }
  return next;
}

/**
 * The ids the list shows: patched from this frame's changes (O(changed · log n)) while the
 * filter stays the same, a full pass only when the filter changed or history was cleared.
 */
function visibleAfter(
  state: PortholeState,
  filter: ConnectionFilter,
  ids: number[],
  changed: ReadonlySet<number> | null,
): number[] {
  if (!isFiltering(filter)) return ids;
  if (changed === null || filter !== state.filter || state.visibleIds === state.connectionIds) {
    return filterIds(state.connections, ids, filter);
  }
  return updateVisibleIds(state.connections, state.visibleIds, filter, changed);
}
