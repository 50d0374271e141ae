// The one zustand store. Engine-derived state changes only through applyOps, which the frame
// queue calls at most once per animation frame.
import { create, type StateCreator } from 'zustand';
import { reduceOps } from './apply-ops';
import { createConnectionsSlice } from './connections-slice';
import { createListenersSlice } from './listeners-slice';
import { createSelectionSlice } from './selection-slice';
import type { PortholeState, StoreOp } from './store-types';
import { createUiSlice } from './ui-slice';

/** Every slice together (exported so tests can build a fresh store with zustand's createStore). */
export const createPortholeState: StateCreator<PortholeState> = (...a) => ({
  ...createListenersSlice(...a),
  ...createConnectionsSlice(...a),
  ...createSelectionSlice(...a),
  ...createUiSlice(...a),
  applyOps(ops: readonly StoreOp[]) {
    if (ops.length === 0) return;
    a[0]((state) => reduceOps(state, ops));
  },
});

export const useStore = create<PortholeState>()(createPortholeState);
