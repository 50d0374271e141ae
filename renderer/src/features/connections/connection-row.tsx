import { memo } from 'react';
import type { ConnectionInfo } from '../../../../shared/model';
import { ConnectionCell } from './connection-cells';
import type { ShownColumn } from './grid-columns';

export const ROW_HEIGHT = 26;

interface RowProps {
  readonly c: ConnectionInfo;
  readonly rowIndex: number;
  readonly top: number;
  readonly selected: boolean;
  /** The shown columns in order; a new array only when the user changes them. */
  readonly columns: readonly ShownColumn[];
  readonly onSelect: (id: number) => void;
}

export const ConnectionRow = memo(function ConnectionRow({
  c,
  rowIndex,
  top,
  selected,
  columns,
  onSelect,
}: RowProps) {
  return (
    <div
      role="row"
      id={`connection-row-${c.id}`}
      className={`conn-row conn-${c.state}${selected ? ' is-selected' : ''}`}
      aria-rowindex={rowIndex + 2}
      aria-selected={selected}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(c.id)}
    >
      {columns.map((column) => (
        <ConnectionCell key={column.key} c={c} column={column} />
      ))}
    </div>
  );
});
