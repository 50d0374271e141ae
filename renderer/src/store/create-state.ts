// The store's slices combined, with their dependencies injected: the page's store (store.ts)
// gets the real bridge and animation frames; tests get a fake engine and a manual clock.
import type { StateCreator } from 'zustand';
import { createCaptureSettingsSlice } from './capture-settings-slice';
import { createCapturesSlice } from './captures-slice';
import { createConnectionsSlice } from './connections-slice';
import { createFilterSlice } from './filter-slice';
import { createFrameSlice } from './frame-slice';
import { createLayoutSlice } from './layout-slice';
import { createListenersSlice } from './listeners-slice';
import type { PortholeState, StoreDeps } from './porthole-state';
import { createSelectionSlice } from './selection-slice';
import { createStatsSlice } from './stats-slice';
import { createTrafficSlice } from './traffic-slice';
import { createUiSlice } from './ui-slice';

export function createPortholeState(deps: StoreDeps): StateCreator<PortholeState> {
  return (...a) => ({
    ...createListenersSlice(deps)(...a),
    ...createConnectionsSlice(deps)(...a),
    ...createStatsSlice(deps)(...a),
    ...createFilterSlice(...a),
    ...createSelectionSlice(...a),
    ...createUiSlice(...a),
    ...createLayoutSlice(...a),
    ...createCapturesSlice(deps)(...a),
    ...createCaptureSettingsSlice(deps)(...a),
    ...createFrameSlice(deps)(...a),
    ...createTrafficSlice(...a),
  });
}
