// The connection filter. It has one writer: setFilter queues a 'filter' op, and the frame's
// update applies it together with that frame's batches, so a burst of edits plus the traffic
// of the same frame costs one filter pass. Nothing else sets `filter` (the one other change,
// dropping a port filter whose listener went away, happens in that same update).
import type { StateCreator } from 'zustand';
import type { ListenerInfo } from '../../../shared/model';
import { EMPTY_FILTER, sameFilter, type ConnectionFilter } from './connection-filter';
import type { PortholeState } from './porthole-state';
import type { StoreOp } from './store-op';

export type { ConnectionFilter } from './connection-filter';

export interface FilterSlice {
  readonly filter: ConnectionFilter;
  /** Change some criteria; applied with the next frame (flushFrame() applies it at once). */
  setFilter(patch: Partial<ConnectionFilter>): void;
}

export const createFilterSlice: StateCreator<PortholeState, [], [], FilterSlice> = (_set, get) => ({
  filter: EMPTY_FILTER,
  setFilter(patch) {
    get().enqueue({ kind: 'filter', patch });
  },
});

/**
 * The filter after this frame: its patches merged in order, and a port filter dropped when this
 * frame's listeners (null when the frame did not change them) no longer include its port.
 * Returns `filter` itself when nothing changed, so the caller can tell by identity whether the
 * visible ids need a full pass.
 */
export function reduceFilter(
  filter: ConnectionFilter,
  ops: readonly StoreOp[],
  listeners: Readonly<Record<string, ListenerInfo>> | null,
): ConnectionFilter {
  let next = filter;
  for (const op of ops) if (op.kind === 'filter') next = { ...next, ...op.patch };
  if (listeners !== null && next.listenerId !== null && !(next.listenerId in listeners)) {
    next = { ...next, listenerId: null };
  }
  return sameFilter(next, filter) ? filter : next;
}
