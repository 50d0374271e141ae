// Text / Hex tabs (ARIA tabs pattern: arrow keys move between them, the panel is labelled by
// the selected tab).
import { useRef, type KeyboardEvent } from 'react';
import type { PayloadMode } from '../../store/store-types';

const MODES: readonly { readonly mode: PayloadMode; readonly label: string }[] = [
  { mode: 'text', label: 'Text' },
  { mode: 'hex', label: 'Hex' },
];

interface Props {
  readonly mode: PayloadMode;
  readonly onChange: (mode: PayloadMode) => void;
  readonly idPrefix: string;
}

export function tabId(prefix: string, mode: PayloadMode): string {
  return `${prefix}-tab-${mode}`;
}

export function panelId(prefix: string): string {
  return `${prefix}-panel`;
}

export function PayloadTabs({ mode, onChange, idPrefix }: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = MODES.findIndex((m) => m.mode === mode);
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % MODES.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + MODES.length) % MODES.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = MODES.length - 1;
    const target = MODES[next];
    if (!target) return;
    event.preventDefault();
    onChange(target.mode);
    listRef.current
      ?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idPrefix, target.mode))}`)
      ?.focus();
  };
  return (
    <div
      className="tabs"
      role="tablist"
      aria-label="Payload format"
      ref={listRef}
      onKeyDown={onKeyDown}
    >
      {MODES.map(({ mode: m, label }) => (
        <button
          key={m}
          type="button"
          role="tab"
          id={tabId(idPrefix, m)}
          className="tab"
          aria-selected={m === mode}
          aria-controls={panelId(idPrefix)}
          tabIndex={m === mode ? 0 : -1}
          onClick={() => onChange(m)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
