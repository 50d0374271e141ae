// The find bar: a pattern (text with escapes, or hex), the direction to search, previous/next
// and "3 of 17". Enter finds the next match, Shift+Enter the previous, Escape closes.
import './find.css';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Direction } from '../../../../../shared/model';
import type { PayloadFormat } from '../../../../../shared/payload-spec';
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

export function FindBar({ connectionId, onGo, onClose }: Props) {
  const [value, setValue] = useState('');
  const [format, setFormat] = useState<PayloadFormat>('text');
  const [direction, setDirection] = useState<Direction>('in');
  const focusTick = useFindStore((s) => s.focusTick);
  const close = useFindStore((s) => s.close);
  const input = useRef<HTMLInputElement>(null);
  const statusId = useId();
  const query = useMemo(() => ({ spec: { format, value }, direction }), [format, value, direction]);
  const find = useFind(connectionId, query, onGo);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusTick]);

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
    (find.busy && !find.results ? 'Searching…' : findStatus(find.results, find.index));
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
