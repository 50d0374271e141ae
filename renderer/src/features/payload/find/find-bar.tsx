// The find bar: a pattern (text with escapes, or hex), the direction to search, previous/next
// and "3 of 17 in client → port". It searches as you type (the first match, once typing pauses);
// Enter finds the next match, Shift+Enter the previous, Escape closes. It starts from the
// connections filter's "Payload contains" pattern, if one is filtering.
import './find.css';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Direction } from '../../../../../shared/model';
import type { PayloadFormat } from '../../../../../shared/payload-spec';
import { useStore } from '../../../store/store';
import { DIRECTION_LABEL } from '../direction-text';
import { useFindStore } from './find-store';
import { findStatus } from './find-status';
import { useFind } from './use-find';

interface Props {
  readonly connectionId: number;
  readonly onGo: (direction: Direction, offset: number) => Promise<string | null>;
  /** Where focus goes back to when the bar closes. */
  readonly onClose: () => void;
}

/** How long typing must pause before the bar searches by itself. */
const TYPING_PAUSE_MS = 250;

export function FindBar({ connectionId, onGo, onClose }: Props) {
  const [seed] = useState(() => useStore.getState().payloadFilterPattern);
  const [value, setValue] = useState(seed?.value ?? '');
  const [format, setFormat] = useState<PayloadFormat>(seed?.format ?? 'text');
  const [direction, setDirection] = useState<Direction>('in');
  const focusTick = useFindStore((s) => s.focusTick);
  const quiet = useFindStore((s) => s.quiet);
  const close = useFindStore((s) => s.close);
  const input = useRef<HTMLInputElement>(null);
  const statusId = useId();
  const query = useMemo(() => ({ spec: { format, value }, direction }), [format, value, direction]);
  const find = useFind(connectionId, query, onGo);
  const stepRef = useRef(find.step);
  const hasResults = find.results !== null;
  const { busy } = find;

  useEffect(() => {
    // Opened by the app (a payload filter is active): mark matches, leave focus where it is.
    if (quiet) return;
    input.current?.focus();
    input.current?.select();
  }, [focusTick, quiet]);

  useEffect(() => {
    stepRef.current = find.step;
  });

  // Search as you type: the first match once typing pauses; a query with results already, or
  // being searched (after Enter), is left alone.
  useEffect(() => {
    if (value === '' || hasResults || busy) return undefined;
    const timer = window.setTimeout(() => void stepRef.current(1), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [value, format, direction, hasResults, busy]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      onClose();
    } else if (event.key === 'Enter' && event.target === input.current) {
      event.preventDefault();
      void find.step(event.shiftKey ? -1 : 1);
    }
  };

  const status =
    find.error ??
    (find.busy && !find.results
      ? 'Searching…'
      : findStatus(find.results, find.index, DIRECTION_LABEL[direction]));
  return (
    <div className="find-bar" role="region" aria-label="Find in payload" onKeyDown={onKeyDown}>
      <input
        ref={input}
        className="input input-compact mono find-input"
        aria-label="Find"
        aria-describedby={statusId}
        placeholder={format === 'hex' ? 'hex bytes, e.g. 0d 0a' : 'text, e.g. GET \\r\\n'}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        spellCheck={false}
      />
      <div className="tabs find-format" role="group" aria-label="Pattern format">
        {(['text', 'hex'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className="tab"
            aria-pressed={format === f}
            onClick={() => setFormat(f)}
          >
            {f === 'text' ? 'Text' : 'Hex'}
          </button>
        ))}
      </div>
      <select
        className="select select-compact"
        aria-label="Search direction"
        value={direction}
        onChange={(event) => setDirection(event.target.value as Direction)}
      >
        <option value="in">{DIRECTION_LABEL.in}</option>
        <option value="out">{DIRECTION_LABEL.out}</option>
      </select>
      <button
        type="button"
        className="btn btn-small"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        onClick={() => void find.step(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-label="Next match"
        title="Next match (Enter)"
        onClick={() => void find.step(1)}
      >
        ↓
      </button>
      <span
        id={statusId}
        className={`find-status${find.error ? ' is-error' : ''}`}
        role="status"
        aria-busy={find.busy}
      >
        {status}
      </span>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        aria-label="Close find bar"
        title="Close (Escape)"
        onClick={() => {
          close();
          onClose();
        }}
      >
        ✕
      </button>
    </div>
  );
}
