// The one zustand store. Engine-derived state changes only through applyOps, which the frame
// queue calls at most once per animation frame.
import { create } from 'zustand';
import type { EventBatch } from '../../../shared/model';
import { reduceOps } from './apply-ops';
import { createConnectionsSlice } from './connections-slice';
import { createListenersSlice } from './listeners-slice';
import { createSelectionSlice } from './selection-slice';
import type { PortholeState, StoreOp } from './store-types';
import { createUiSlice } from './ui-slice';

export const useStore = create<PortholeState>()((...a) => ({
  ...createListenersSlice(...a),
  ...createConnectionsSlice(...a),
  ...createSelectionSlice(...a),
  ...createUiSlice(...a),
  applyOps(ops: readonly StoreOp[]) {
    if (ops.length === 0) return;
    a[0]((state) => reduceOps(state, ops));
  },
  applyBatch(batch: EventBatch) {
    a[0]((state) => reduceOps(state, [{ kind: 'batch', batch }]));
  },
}));
