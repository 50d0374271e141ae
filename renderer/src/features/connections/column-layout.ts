// Changes to the grid's column layout, as pure functions of the saved layout (the Columns menu
// and the header's resize edges call them; the layout slice stores the result).
import type { ColumnLayout } from '../../store/layout-model';
import { columnDef, columnOrder, MAX_COLUMN_WIDTH } from './grid-columns';

export function withColumnShown(layout: ColumnLayout, key: string, shown: boolean): ColumnLayout {
  if (columnDef(key)?.pinned) return layout;
  const hidden = layout.hidden.filter((k) => k !== key);
  return { ...layout, hidden: shown ? hidden : [...hidden, key] };
}

/** Move a column by `delta` places among the movable ones (pinned columns stay first). */
export function withColumnMoved(layout: ColumnLayout, key: string, delta: number): ColumnLayout {
  const order = columnOrder(layout)
    .filter((c) => !c.pinned)
    .map((c) => c.key as string);
  const from = order.indexOf(key);
  if (from < 0) return layout;
  const to = Math.min(order.length - 1, Math.max(0, from + delta));
  if (to === from) return layout;
  order.splice(from, 1);
  order.splice(to, 0, key);
  return { ...layout, order };
}

export function withColumnWidth(layout: ColumnLayout, key: string, width: number): ColumnLayout {
  const def = columnDef(key);
  if (!def) return layout;
  const size = Math.min(MAX_COLUMN_WIDTH, Math.max(def.min, Math.round(width)));
  return { ...layout, widths: { ...layout.widths, [key]: size } };
}

export function withDefaultWidth(layout: ColumnLayout, key: string): ColumnLayout {
  const widths = Object.fromEntries(Object.entries(layout.widths).filter(([k]) => k !== key));
  return { ...layout, widths };
}
