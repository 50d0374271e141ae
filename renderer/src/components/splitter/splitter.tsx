// A pane splitter (the ARIA window splitter): a focusable separator whose value is the size of
// the pane it controls. Drag it (pointer capture keeps the drag when the pointer outruns the
// bar), or focus it and use the arrow keys (Shift: bigger steps), Home/End for the limits,
// Enter or a double-click for the default size. The owner keeps the value; this only asks.
import './splitter.css';
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { splitterKey, type SplitterOrientation } from './splitter-keys';

interface Props {
  /** `vertical` sits between side-by-side panes; `horizontal` between stacked ones. */
  readonly orientation: SplitterOrientation;
  readonly label: string;
  /** The id of the pane whose size this is. */
  readonly controls: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly valueText?: string;
  readonly step?: number;
  readonly bigStep?: number;
  /** The pane's size follows the pointer: right or down makes it bigger (CSS px). */
  readonly onChange: (value: number) => void;
  readonly onReset: () => void;
  readonly className?: string;
  /** Out of the tab order (e.g. column edges, resized from the keyboard elsewhere). */
  readonly tabbable?: boolean;
}

export function Splitter({
  orientation,
  label,
  controls,
  value,
  min,
  max,
  valueText,
  step = 16,
  bigStep = 64,
  onChange,
  onReset,
  className,
  tabbable = true,
}: Props) {
  const drag = useRef<{ pointerId: number; start: number; from: number } | null>(null);
  const along = (event: PointerEvent) =>
    orientation === 'vertical' ? event.clientX : event.clientY;
  const bounded = (v: number) => Math.round(Math.min(max, Math.max(min, v)));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus({ preventScroll: true });
    drag.current = { pointerId: event.pointerId, start: along(event), from: value };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    const delta = along(event) - d.start;
    onChange(bounded(d.from + delta));
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointerId !== event.pointerId) return;
    drag.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const outcome = splitterKey(event.key, event.shiftKey, orientation, {
      value,
      min,
      max,
      step,
      bigStep,
    });
    if (!outcome) return;
    event.preventDefault();
    event.stopPropagation();
    if (outcome.kind === 'reset') onReset();
    else onChange(bounded(outcome.value));
  };

  return (
    <div
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-controls={controls}
      aria-valuenow={Math.round(value)}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(max)}
      aria-valuetext={valueText}
      tabIndex={tabbable ? 0 : -1}
      className={`splitter splitter-${orientation}${className ? ` ${className}` : ''}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onLostPointerCapture={onPointerEnd}
      onDoubleClick={onReset}
      onKeyDown={onKeyDown}
    />
  );
}
