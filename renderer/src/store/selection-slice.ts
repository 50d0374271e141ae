// The connection the payload inspector shows. Cleared by the frame's update when that
// connection leaves the history (evicted, cleared, or gone after a re-list).
import type { StateCreator } from 'zustand';
import type { ConnectionInfo } from '../../../shared/model';
import { markSelection } from '../lib/perf-marks';
import type { PortholeState } from './porthole-state';

export interface SelectionSlice {
  readonly selectedId: number | null;
  select(id: number | null): void;
}

export const createSelectionSlice: StateCreator<PortholeState, [], [], SelectionSlice> = (
  set,
  get,
) => ({
  selectedId: null,
  select(id) {
    if (get().selectedId === id) return;
    markSelection(id);
    set({ selectedId: id });
  },
});

/** The selection after the connections changed: kept while its connection still exists. */
export function selectionAfter(
  selectedId: number | null,
  connections: ReadonlyMap<number, ConnectionInfo>,
): number | null {
  return selectedId !== null && !connections.has(selectedId) ? null : selectedId;
}
