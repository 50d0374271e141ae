import type { StateCreator } from 'zustand';
import { markSelection } from '../lib/perf-marks';
import type { PortholeState, SelectionSlice } from './store-types';

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
    set((state) => ({ filter: { ...state.filter, ...patch } }));
  },
});
