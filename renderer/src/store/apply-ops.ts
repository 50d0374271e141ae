// Turns a frame's worth of queued ops into one state update. Listener state is small and copied
// on write; connection state is large and mutated in place (see ConnectionsSlice), so the cost
// is proportional to what changed, not to the size of the history.
import type { ConnectionInfo, ListenerInfo } from '../../../shared/model';
import { removeClosedConnections, removeConnections, upsertConnections } from './connection-index';
import { sameFilter } from './connection-filter';
import type { ConnectionFilter, PortholeState, StoreOp } from './store-types';
import { filterIds, isFiltering, updateVisibleIds } from './visible-ids';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Draft = {
  listeners: Record<string, ListenerInfo>;
  order: string[];
  tombstones: Set<string>;
} | null;

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export function reduceOps(state: PortholeState, ops: readonly StoreOp[]): Partial<PortholeState> {
  const map = state.connections;
  let ids = state.connectionIds;
  let connectionsChanged = false;
  /** Ids upserted or removed by these ops, for the filtered view; null after a clear. */
  let changed: Set<number> | null = new Set<number>();
  let listenerDraft: Draft = null;
  let stats = state.stats;
  let unconfirmed = state.unconfirmed;
  let loading = state.loading;
  let filterPatch: Partial<ConnectionFilter> | null = null;

  const draft = (): NonNullable<Draft> =>
    (listenerDraft ??= {
      listeners: { ...state.listeners },
      order: [...state.listenerOrder],
      tombstones: new Set(state.listenerTombstones),
    });

  const putListener = (listener: ListenerInfo): void => {
    const d = draft();
    if (d.tombstones.has(listener.id)) return;
    if (!(listener.id in d.listeners)) d.order.push(listener.id);
    d.listeners[listener.id] = listener;
  };

  const noteChanged = (touched: Iterable<number>): void => {
    if (changed === null) return;
    for (const id of touched) changed.add(id);
  };

  const upsert = (list: readonly ConnectionInfo[]): void => {
    ids = upsertConnections(map, ids, list, unconfirmed);
    noteChanged(list.map((c) => c.id));
    connectionsChanged = true;
  };

  const dropListener = (id: string): void => {
    const d = draft();
    d.tombstones.add(id);
    if (!(id in d.listeners)) return;
    d.listeners = withoutKey(d.listeners, id);
    d.order = d.order.filter((x) => x !== id);
  };

  for (const op of ops) {
    switch (op.kind) {
      case 'batch': {
        const { batch } = op;
        // Order from the contract: clear, then snapshots, then removals that the clear could
        // not imply.
        if (batch.cleared) {
          removeClosedConnections(map, ids);
          // Clearing is O(n) anyway: the filtered view is rebuilt rather than patched.
          changed = null;
          connectionsChanged = true;
        }
        for (const listener of batch.listeners) putListener(listener);
        for (const id of batch.removedListeners) dropListener(id);
        if (batch.connections.length > 0) upsert(batch.connections);
        if (batch.removedConnections.length > 0) {
          noteChanged(removeConnections(map, ids, batch.removedConnections));
          connectionsChanged = true;
        }
        stats = batch.stats;
        break;
      }
      case 'listeners': {
        const d = draft();
        d.listeners = {};
        d.order = [];
        for (const listener of op.listeners) putListener(listener);
        break;
      }
      case 'listener':
        putListener(op.listener);
        break;
      case 'listener-removed':
        dropListener(op.id);
        break;
      case 'connections':
        upsert(op.connections);
        break;
      case 'stats':
        stats = op.stats;
        break;
      case 'limits':
        // Until the first stats arrive there is nothing to amend; they will carry the limits.
        if (stats !== null) stats = { ...stats, limits: op.limits };
        break;
      case 'sync-begin':
        unconfirmed = new Set(ids);
        loading = true;
        break;
      case 'filter':
        filterPatch = { ...(filterPatch ?? {}), ...op.patch };
        break;
      case 'sync-end':
        // Whatever the re-list did not mention is gone from the engine's history.
        if (op.complete && unconfirmed && unconfirmed.size > 0) {
          noteChanged(removeConnections(map, ids, unconfirmed));
          connectionsChanged = true;
        }
        unconfirmed = null;
        loading = false;
        break;
    }
  }

  const next: Partial<Mutable<PortholeState>> = { stats, unconfirmed, loading };
  if (listenerDraft !== null) {
    const d: NonNullable<Draft> = listenerDraft;
    next.listeners = d.listeners;
    next.listenerOrder = d.order;
    next.listenerTombstones = d.tombstones;
    // A listener that changed state sheds the stale command error shown in its item.
    const stale = Object.keys(state.listenerErrors).filter(
      (id) => !d.listeners[id] || d.listeners[id].state === 'open',
    );
    if (stale.length > 0) {
      next.listenerErrors = Object.fromEntries(
        Object.entries(state.listenerErrors).filter(([id]) => !stale.includes(id)),
      );
    }
    if (state.filter.listenerId !== null && !(state.filter.listenerId in d.listeners)) {
      next.filter = { ...state.filter, listenerId: null };
    }
  }
  if (filterPatch !== null) {
    const patched = { ...(next.filter ?? state.filter), ...filterPatch };
    if (!sameFilter(patched, state.filter)) next.filter = patched;
  }
  const filter = next.filter ?? state.filter;
  if (connectionsChanged || filter !== state.filter) {
    next.connectionIds = ids;
    next.visibleIds = visibleAfter(state, filter, ids, changed);
    next.connectionsVersion = state.connectionsVersion + 1;
    if (state.selectedId !== null && !map.has(state.selectedId)) next.selectedId = null;
  }
  return next;
}

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
