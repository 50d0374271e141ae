// "Columns": which grid columns show, in which order, how wide. A small non-modal dialog under
// its button: a checkbox per column, move up/down buttons and a width slider (the keyboard's
// way to resize a column). Escape or a click elsewhere closes it and focus returns to the button.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { usePopupDismiss } from '../../components/use-popup-dismiss';
import { DEFAULT_COLUMNS } from '../../store/layout-model';
import { useStore } from '../../store/store';
import { withColumnMoved, withColumnShown, withColumnWidth } from './column-layout';
import { columnOrder, columnWidth, MAX_COLUMN_WIDTH } from './grid-columns';

export function ColumnsMenu() {
  const [open, setOpen] = useState(false);
  const popupId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popupRef = useRef<HTMLDivElement>(null);
  const layout = useStore((s) => s.layout.columns);
  const setColumns = useStore((s) => s.setColumns);

  usePopupDismiss(open, popupRef, buttonRef, 'input:not(:disabled)', () => setOpen(false));

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    // Escape must not also clear the selection or close something behind the popup.
    event.stopPropagation();
    setOpen(false);
    buttonRef.current?.focus();
  };

  const hidden = new Set(layout.hidden);
  const columns = columnOrder(layout);
  const movable = columns.filter((c) => !c.pinned);
  return (
    <div className="columns-anchor">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-small"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? popupId : undefined}
        onClick={() => setOpen(!open)}
      >
        Columns
        <span className="chevron chevron-down" aria-hidden="true" />
      </button>
      {open ? (
        <div
          ref={popupRef}
          id={popupId}
          className="columns-popup"
          role="dialog"
          aria-label="Columns"
          onKeyDown={onKey}
        >
          <ul className="columns-list">
            {columns.map((col) => {
              const at = movable.indexOf(col);
              const width = columnWidth(layout, col);
              return (
                <li key={col.key} className="columns-item">
                  <label className="check columns-check">
                    <input
                      type="checkbox"
                      checked={col.pinned === true || !hidden.has(col.key)}
                      disabled={col.pinned}
                      title={col.pinned ? 'Always shown' : undefined}
                      onChange={(event) =>
                        setColumns(withColumnShown(layout, col.key, event.target.checked))
                      }
                    />
                    {col.name}
                  </label>
                  <input
                    type="range"
                    className="columns-width"
                    aria-label={`${col.name} width`}
                    aria-valuetext={`${width} pixels`}
                    min={col.min}
                    max={MAX_COLUMN_WIDTH}
                    step={4}
                    value={width}
                    onChange={(event) =>
                      setColumns(withColumnWidth(layout, col.key, Number(event.target.value)))
                    }
                  />
                  <button
                    type="button"
                    className="btn btn-small btn-ghost columns-move"
                    aria-label={`Move ${col.name} up`}
                    disabled={col.pinned || at === 0}
                    onClick={() => setColumns(withColumnMoved(layout, col.key, -1))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost columns-move"
                    aria-label={`Move ${col.name} down`}
                    disabled={col.pinned || at === movable.length - 1}
                    onClick={() => setColumns(withColumnMoved(layout, col.key, 1))}
                  >
                    ↓
                  </button>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setColumns(DEFAULT_COLUMNS)}
          >
            Reset columns
          </button>
        </div>
      ) : null}
    </div>
  );
}
