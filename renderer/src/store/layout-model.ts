// The window's layout as the user left it: pane sizes per window size class and the connection
// grid's columns. Pure (no DOM, no store) so it can be parsed, clamped and tested on its own;
// layout-slice.ts keeps it in the store and in localStorage.

/** Sizes that suit a 1024 px laptop half-screen do not suit a 2560 px monitor: kept apart. */
export type SizeClass = 'narrow' | 'normal' | 'wide';

const NARROW_BELOW = 1100;
const WIDE_FROM = 1800;

export function sizeClassOf(windowWidth: number): SizeClass {
  if (windowWidth < NARROW_BELOW) return 'narrow';
  return windowWidth >= WIDE_FROM ? 'wide' : 'normal';
}

export interface PaneSizes {
  /** Width of the ports panel, in CSS px. */
  readonly side: number;
  /** Share of the work area's height the connections grid takes (the payload gets the rest). */
  readonly grid: number;
}

export const DEFAULT_PANES: Readonly<Record<SizeClass, PaneSizes>> = {
  narrow: { side: 250, grid: 0.38 },
  normal: { side: 320, grid: 0.42 },
  wide: { side: 360, grid: 0.4 },
};

/**
 * The grid's columns by key. The store does not know which columns exist (the connections
 * feature does): unknown keys are ignored and new ones appended when the grid reads this.
 */
export interface ColumnLayout {
  readonly order: readonly string[];
  readonly hidden: readonly string[];
  readonly widths: Readonly<Record<string, number>>;
}

export const DEFAULT_COLUMNS: ColumnLayout = { order: [], hidden: [], widths: {} };

export interface SavedLayout {
  readonly panes: Readonly<Partial<Record<SizeClass, PaneSizes>>>;
  readonly columns: ColumnLayout;
  /** The open-port form shows its fields (folded, only its title and a Show button). */
  readonly portFormOpen: boolean;
  /** The traffic pictures (timeline, I/O graph, response times) are unfolded. */
  readonly trafficOpen: boolean;
}

export const DEFAULT_LAYOUT: SavedLayout = {
  panes: {},
  columns: DEFAULT_COLUMNS,
  portFormOpen: true,
  trafficOpen: false,
};

const SIZE_CLASSES: readonly SizeClass[] = ['narrow', 'normal', 'wide'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function parsePanes(value: unknown): PaneSizes | undefined {
  if (!isRecord(value) || !finite(value.side) || !finite(value.grid)) return undefined;
  if (value.side <= 0 || value.grid <= 0 || value.grid >= 1) return undefined;
  return { side: value.side, grid: value.grid };
}

function parseColumns(value: unknown): ColumnLayout {
  if (!isRecord(value)) return DEFAULT_COLUMNS;
  const widths: Record<string, number> = {};
  if (isRecord(value.widths)) {
    for (const [key, width] of Object.entries(value.widths)) {
      if (finite(width) && width > 0) widths[key] = width;
    }
  }
  return { order: strings(value.order), hidden: strings(value.hidden), widths };
}

/** What localStorage held, checked field by field: a damaged entry costs only that entry. */
export function parseLayout(text: string | null): SavedLayout {
  if (text === null) return DEFAULT_LAYOUT;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_LAYOUT;
  }
  if (!isRecord(raw)) return DEFAULT_LAYOUT;
  const panes: Partial<Record<SizeClass, PaneSizes>> = {};
  if (isRecord(raw.panes)) {
    for (const cls of SIZE_CLASSES) {
      const sizes = parsePanes(raw.panes[cls]);
      if (sizes) panes[cls] = sizes;
    }
  }
  return {
    panes,
    columns: parseColumns(raw.columns),
    portFormOpen: raw.portFormOpen !== false,
    trafficOpen: raw.trafficOpen === true,
  };
}

export function panesFor(layout: SavedLayout, cls: SizeClass): PaneSizes {
  return layout.panes[cls] ?? DEFAULT_PANES[cls];
}

export const clamp = (value: number, min: number, max: number): number =>
  Math.min(Math.max(value, min), Math.max(min, max));
