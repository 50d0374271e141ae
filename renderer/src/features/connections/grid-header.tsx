// The grid's header row: one column header per shown column, each with an edge that resizes
// it (drag it; or click it and use ← →, Shift for bigger steps; double-click or Enter for the
// default width). The edges are out of the tab order, so the grid stays a few Tabs away: the
// Columns menu resizes columns from the keyboard too.
import type { Ref } from 'react';
import { Splitter } from '../../components/splitter/splitter';
import type { ColumnLayout } from '../../store/layout-model';
import { useStore } from '../../store/store';
import { cellClass } from './connection-cells';
import { withColumnWidth, withDefaultWidth } from './column-layout';
import { MAX_COLUMN_WIDTH, type ShownColumn } from './grid-columns';

const columnHeaderId = (key: string): string => `conn-col-${key}`;

interface Props {
  readonly columns: readonly ShownColumn[];
  readonly headRef: Ref<HTMLDivElement>;
}

export function GridHeader({ columns, headRef }: Props) {
  const setColumns = useStore((s) => s.setColumns);
  // Read at the moment of the change, so a drag builds on the latest widths.
  const update = (change: (layout: ColumnLayout) => ColumnLayout) =>
    setColumns(change(useStore.getState().layout.columns));
  return (
    <div role="rowgroup" className="conn-head" ref={headRef}>
      <div role="row" className="conn-row conn-head-row" aria-rowindex={1}>
        {columns.map((col) => (
          <div
            key={col.key}
            id={columnHeaderId(col.key)}
            role="columnheader"
            className={cellClass(col, `cell-h cell-h-${col.key}`)}
            title={col.name}
          >
            {col.label}
            <Splitter
              orientation="vertical"
              className="col-resizer"
              tabbable={false}
              label={`Resize the ${col.name} column`}
              controls={columnHeaderId(col.key)}
              value={col.size}
              min={col.min}
              max={MAX_COLUMN_WIDTH}
              step={8}
              bigStep={40}
              valueText={`${col.size} pixels`}
              onChange={(width) => update((l) => withColumnWidth(l, col.key, width))}
              onReset={() => update((l) => withDefaultWidth(l, col.key))}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
