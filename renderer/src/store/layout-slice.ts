// The window's layout (pane sizes per size class, grid columns, the open-port form and the
// traffic pictures folded or not). Changes only on user actions, so each action sets its
// fields directly (no frame queue) and writes the whole layout to localStorage; "Reset layout"
// forgets it all.
import type { StateCreator } from 'zustand';
import {
  DEFAULT_LAYOUT,
  panesFor,
  parseLayout,
  sizeClassOf,
  type ColumnLayout,
  type PaneSizes,
  type SavedLayout,
  type SizeClass,
} from './layout-model';
import type { PortholeState } from './porthole-state';

export interface LayoutSlice {
  readonly layout: SavedLayout;
  /** The class of the window's current width; pane sizes are kept per class. */
  readonly sizeClass: SizeClass;
  setSizeClass(cls: SizeClass): void;
  setPaneSizes(sizes: Partial<PaneSizes>): void;
  setColumns(columns: ColumnLayout): void;
  setPortFormOpen(open: boolean): void;
  setTrafficOpen(open: boolean): void;
  resetLayout(): void;
}

const LAYOUT_KEY = 'porthole.layout';

function readLayout(): SavedLayout {
  try {
    return parseLayout(window.localStorage.getItem(LAYOUT_KEY));
  } catch {
    return DEFAULT_LAYOUT;
  }
}

function writeLayout(layout: SavedLayout | null): void {
  try {
    if (layout === null) window.localStorage.removeItem(LAYOUT_KEY);
    else window.localStorage.setItem(LAYOUT_KEY, JSON.stringify(layout));
  } catch {
    // Storage can be unavailable (privacy modes); the layout then lasts for this page only.
  }
}

function initialClass(): SizeClass {
  return typeof window === 'undefined' ? 'normal' : sizeClassOf(window.innerWidth);
}

export const createLayoutSlice: StateCreator<PortholeState, [], [], LayoutSlice> = (set, get) => {
  const save = (layout: SavedLayout) => {
    writeLayout(layout);
    set({ layout });
  };
  return {
    layout: readLayout(),
    sizeClass: initialClass(),
    setSizeClass(sizeClass) {
      if (get().sizeClass !== sizeClass) set({ sizeClass });
    },
    setPaneSizes(sizes) {
      const { layout, sizeClass } = get();
      const base = panesFor(layout, sizeClass);
      const next: PaneSizes = { side: sizes.side ?? base.side, grid: sizes.grid ?? base.grid };
      save({ ...layout, panes: { ...layout.panes, [sizeClass]: next } });
    },
    setColumns(columns) {
      save({ ...get().layout, columns });
    },
    setPortFormOpen(portFormOpen) {
      save({ ...get().layout, portFormOpen });
    },
    setTrafficOpen(trafficOpen) {
      save({ ...get().layout, trafficOpen });
    },
    resetLayout() {
      writeLayout(null);
      set({ layout: DEFAULT_LAYOUT });
    },
  };
};
