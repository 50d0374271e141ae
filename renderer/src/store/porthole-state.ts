// The renderer's one store, as the slices it is made of. Each slice file holds its state and
// the actions that change it; this file only names the whole and what the store is built with.
import type { PortholeApi } from '../../../shared/contract';
import type { CaptureSettingsSlice } from './capture-settings-slice';
import type { CapturesSlice } from './captures-slice';
import type { ConnectionsSlice } from './connections-slice';
import type { FilterSlice } from './filter-slice';
import type { FrameSlice } from './frame-slice';
import type { FrameScheduler } from './frame-queue';
import type { LayoutSlice } from './layout-slice';
import type { ListenersSlice } from './listeners-slice';
import type { SelectionSlice } from './selection-slice';
import type { StatsSlice } from './stats-slice';
import type { TrafficSlice } from './traffic-slice';
import type { UiSlice } from './ui-slice';

export type PortholeState = ListenersSlice &
  ConnectionsSlice &
  StatsSlice &
  FilterSlice &
  SelectionSlice &
  UiSlice &
  LayoutSlice &
  CapturesSlice &
  CaptureSettingsSlice &
  FrameSlice &
  TrafficSlice;

/** What the store's actions need from outside: injected, so tests build a store without a page. */
export interface StoreDeps {
  /** The engine, resolved on first use (the page's bridge connects when first asked for). */
  readonly engine: () => PortholeApi;
  /** When the frame queue flushes: the next animation frame in the page. */
  readonly scheduler: FrameScheduler;
}
