// The page's one zustand store. Engine-derived state and the connection filter change only
// through the frame queue it owns (frame-slice.ts), at most once per animation frame.
//
// Its actions run outside React (event handlers, the sync layer), so they cannot use
// useEngine(); they get the same bridge the app root provides to views: getBridge() is
// memoised, and main.tsx calls it first, at startup.
import { create } from 'zustand';
import { getBridge } from '../bridge/get-bridge';
import { createPortholeState } from './create-state';
import { browserFrameScheduler } from './frame-queue';
import type { PortholeState } from './porthole-state';

export type { PortholeState } from './porthole-state';

export const useStore = create<PortholeState>()(
  createPortholeState({ engine: getBridge, scheduler: browserFrameScheduler }),
);
