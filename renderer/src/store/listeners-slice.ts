import type { StateCreator } from 'zustand';
import type { ListenersSlice, PortholeState } from './store-types';

export const createListenersSlice: StateCreator<PortholeState, [], [], ListenersSlice> = (set) => ({
  listeners: {},
  listenerOrder: [],
  listenerErrors: {},
  listenerTombstones: new Set(),
  setListenerError(id, error) {
    set((state) => {
      if (error) return { listenerErrors: { ...state.listenerErrors, [id]: error } };
      if (!(id in state.listenerErrors)) return {};
      const { [id]: _removed, ...rest } = state.listenerErrors;
      return { listenerErrors: rest };
    });
  },
});
