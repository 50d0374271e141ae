import type { StateCreator } from 'zustand';
import { markSelection } from '../lib/perf-marks';
import type { PortholeState, SelectionSlice } from './store-types';
import { filterIds } from './visible-ids';

export const createSelectionSlice: StateCreator<PortholeState, [], [], SelectionSlice> = (
  set,
  get,
) => ({
  selectedId: null,
  filter: { listenerId: null, openOnly: false },
  select(id) {
    if (get().selectedId === id) return;
    markSelection(id);
    set({ selectedId: id });
  },
  setFilter(patch) {
    set((state) => {
      const filter = { ...state.filter, ...patch };
      if (
        filter.listenerId === state.filter.listenerId &&
        filter.openOnly === state.filter.openOnly
      )
        return {};
      return {
        filter,
        visibleIds: filterIds(state.connections, state.connectionIds, filter),
        connectionsVersion: state.connectionsVersion + 1,
      };
    });
  },
});
