// The sizes of the window's panes: the user's (per window size class, from the layout slice),
// clamped to what the window has room for, with every pane keeping a usable minimum. What the
// splitters show and change.
import { useEffect } from 'react';
import { clamp, DEFAULT_PANES, panesFor, sizeClassOf } from '../store/layout-model';
import { useStore } from '../store/store';

/** Enough for a port's address and its buttons. */
const SIDE_MIN = 200;
const SIDE_MAX = 640;
/** The connections list and payload keep at least this much width between them. */
const WORK_MIN = 360;
/** Toolbar, filters, header and a couple of rows. */
const GRID_MIN = 150;
/** The payload's header, tabs and a few lines. */
const PAYLOAD_MIN = 150;

interface PaneSize {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly onChange: (value: number) => void;
  readonly onReset: () => void;
}

export function usePaneSizes(mainWidth: number, workHeight: number) {
  const sizeClass = useStore((s) => s.sizeClass);
  const layout = useStore((s) => s.layout);
  const setPaneSizes = useStore((s) => s.setPaneSizes);
  const setSizeClass = useStore((s) => s.setSizeClass);

  useEffect(() => {
    const onResize = () => setSizeClass(sizeClassOf(window.innerWidth));
    onResize();
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [setSizeClass]);

  const chosen = panesFor(layout, sizeClass);
  const defaults = DEFAULT_PANES[sizeClass];
  const sideMax = clamp(mainWidth - WORK_MIN, SIDE_MIN, SIDE_MAX);
  const gridMax = Math.max(GRID_MIN, workHeight - PAYLOAD_MIN);
  const side: PaneSize = {
    value: clamp(chosen.side, SIDE_MIN, sideMax),
    min: SIDE_MIN,
    max: sideMax,
    onChange: (value) => setPaneSizes({ side: value }),
    onReset: () => setPaneSizes({ side: defaults.side }),
  };
  const grid: PaneSize = {
    value: clamp(Math.round(chosen.grid * workHeight), GRID_MIN, gridMax),
    min: GRID_MIN,
    max: gridMax,
    // Kept as a share of the height, so the split survives the window growing or shrinking.
    onChange: (value) => {
      if (workHeight > 0) setPaneSizes({ grid: value / workHeight });
    },
    onReset: () => setPaneSizes({ grid: defaults.grid }),
  };
  return { side, grid };
}
