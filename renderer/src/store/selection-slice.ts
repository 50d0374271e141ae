import type { StateCreator } from 'zustand';
import { markSelection } from '../lib/perf-marks';
import { EMPTY_FILTER, sameFilter } from './connection-filter';
import type { PortholeState, SelectionSlice } from './store-types';
import { filterIds } from './visible-ids';

export const createSelectionSlice: StateCreator<PortholeState, [], [], SelectionSlice> = (
  set,
  get,
) => ({
  selectedId: null,
  filter: EMPTY_FILTER,
  select(id) {
    if (get().selectedId === id) return;
    markSelection(id);
    set({ selectedId: id });
  },
  setFilter(patch) {
    set((state) => {
      const filter = { ...state.filter, ...patch };
      if (sameFilter(filter, state.filter)) return {};
      return {
        filter,
        visibleIds: filterIds(state.connections, state.connectionIds, filter),
        connectionsVersion: state.connectionsVersion + 1,
      };
    });
  },
});
