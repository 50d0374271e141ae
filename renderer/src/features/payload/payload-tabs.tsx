// Text / Hex / Decoded tabs (ARIA tabs pattern: arrow keys move between them, the panel is
// labelled by the selected tab). Decoded is offered only where a protocol decoder applies.
import { useRef, type KeyboardEvent } from 'react';
import type { PayloadMode } from '../../store/ui-slice';

const MODES: readonly { readonly mode: PayloadMode; readonly label: string }[] = [
  { mode: 'text', label: 'Text' },
  { mode: 'hex', label: 'Hex' },
  { mode: 'decoded', label: 'Decoded' },
];

interface Props {
  readonly mode: PayloadMode;
  readonly onChange: (mode: PayloadMode) => void;
  readonly idPrefix: string;
  /** Offer the Decoded tab (a protocol decoder applies to the connection). */
  readonly decoded: boolean;
}

export function tabId(prefix: string, mode: PayloadMode): string {
  return `${prefix}-tab-${mode}`;
}

export function panelId(prefix: string): string {
  return `${prefix}-panel`;
}

export function PayloadTabs({ mode, onChange, idPrefix, decoded }: Props) {
  const modes = decoded ? MODES : MODES.filter((m) => m.mode !== 'decoded');
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = modes.findIndex((m) => m.mode === mode);
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % modes.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + modes.length) % modes.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = modes.length - 1;
    const target = modes[next];
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
      {modes.map(({ mode: m, label }) => (
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
