// The grid's columns: what each shows by default and how narrow it may get. The user's choices
// (order, hidden, widths) are kept by the layout slice by key and applied by shownColumns().
import type { ColumnLayout } from '../../store/layout-model';

export type ColumnKey =
  | 'id'
  | 'port'
  | 'proto'
  | 'detected'
  | 'client'
  | 'process'
  | 'opened'
  | 'duration'
  | 'in'
  | 'out'
  | 'behaviour'
  | 'state';

export interface ColumnDef {
  readonly key: ColumnKey;
  /** The header text. */
  readonly label: string;
  /** The name in the Columns menu (where "#" alone would say little). */
  readonly name: string;
  /** Default and minimum width in CSS px, padding included. */
  readonly width: number;
  readonly min: number;
  /** Always shown, always first, and kept in view when the grid scrolls sideways. */
  readonly pinned?: boolean;
  readonly numeric?: boolean;
}

export const MAX_COLUMN_WIDTH = 800;

export const COLUMNS: readonly ColumnDef[] = [
  { key: 'id', label: '#', name: 'Number (#)', width: 48, min: 36, pinned: true },
  { key: 'port', label: 'Port', name: 'Port', width: 58, min: 48, pinned: true },
  { key: 'proto', label: 'Proto', name: 'Protocol', width: 56, min: 44 },
  { key: 'detected', label: 'Detected', name: 'Detected', width: 86, min: 56 },
  { key: 'client', label: 'Client', name: 'Client', width: 150, min: 80 },
  { key: 'process', label: 'Process', name: 'Process (client program)', width: 110, min: 56 },
  { key: 'opened', label: 'Opened', name: 'Opened', width: 100, min: 64 },
  { key: 'duration', label: 'Duration', name: 'Duration', width: 78, min: 56, numeric: true },
  { key: 'in', label: 'In', name: 'In (bytes)', width: 68, min: 48, numeric: true },
  { key: 'out', label: 'Out', name: 'Out (bytes)', width: 68, min: 48, numeric: true },
  { key: 'behaviour', label: 'Behaviour', name: 'Behaviour', width: 92, min: 56 },
  { key: 'state', label: 'State', name: 'State', width: 160, min: 80 },
];

/** Row padding on each side; the cells' own padding makes the gaps between columns. */
const ROW_PADDING = 4;

export interface ShownColumn extends ColumnDef {
  /** The width in use (the user's, else the default). */
  readonly size: number;
}

const byKey = new Map(COLUMNS.map((c) => [c.key, c]));

export function columnDef(key: string): ColumnDef | undefined {
  return byKey.get(key as ColumnKey);
}

/** Every movable column in the user's order: unknown keys dropped, new columns appended. */
export function columnOrder(layout: ColumnLayout): ColumnDef[] {
  const movable = COLUMNS.filter((c) => !c.pinned);
  const seen = new Set<string>();
  const ordered: ColumnDef[] = [];
  for (const key of layout.order) {
    const def = columnDef(key);
    if (def && !def.pinned && !seen.has(key)) {
      seen.add(key);
      ordered.push(def);
    }
  }
  for (const def of movable) if (!seen.has(def.key)) ordered.push(def);
  return [...COLUMNS.filter((c) => c.pinned), ...ordered];
}

export function columnWidth(layout: ColumnLayout, def: ColumnDef): number {
  const chosen = layout.widths[def.key];
  if (chosen === undefined) return def.width;
  return Math.min(MAX_COLUMN_WIDTH, Math.max(def.min, Math.round(chosen)));
}

/** The columns the grid shows, in order, with their widths. */
export function shownColumns(layout: ColumnLayout): ShownColumn[] {
  const hidden = new Set(layout.hidden);
  return columnOrder(layout)
    .filter((def) => def.pinned || !hidden.has(def.key))
    .map((def) => ({ ...def, size: columnWidth(layout, def) }));
}

/**
 * CSS for the grid's rows: fixed tracks, the last one taking what is left of a wide window,
 * and the total width below which the grid scrolls sideways inside its own region.
 */
export function gridGeometry(columns: readonly ShownColumn[]): {
  readonly template: string;
  readonly width: number;
  readonly portLeft: number;
} {
  const tracks = columns.map((c, i) =>
    i === columns.length - 1 ? `minmax(${c.size}px, 1fr)` : `${c.size}px`,
  );
  const width = columns.reduce((sum, c) => sum + c.size, ROW_PADDING * 2);
  const idWidth = columns.find((c) => c.key === 'id')?.size ?? 0;
  return { template: tracks.join(' '), width, portLeft: idWidth };
}
