// Text / Hex / Decoded tabs (ARIA tabs pattern: arrow keys move between them, the panel is
// labelled by the selected tab). Decoded is offered only where a protocol decoder applies.
//
// The tabs are on screen exactly when a connection's payload is, so the payload's page-wide
// commands live here too: Alt+1/2/3 for the tabs on offer, going to the payload (Enter in the
// connections list) and find (Ctrl/⌘+F from anywhere, once there are bytes to search).
import { useCallback, useRef, type KeyboardEvent } from 'react';
import type { ShortcutId } from '../../../../shared/shortcuts';
import { useCommand } from '../../lib/commands';
import { shortcutHint } from '../../lib/shortcut-hint';
import { selectSelectedConnection } from '../../store/selectors';
import { useStore } from '../../store/store';
import type { PayloadMode } from '../../store/ui-slice';
import { useFindCommand } from './find/find-shortcut';

const MODES: readonly {
  readonly mode: PayloadMode;
  readonly label: string;
  readonly command: ShortcutId;
}[] = [
  { mode: 'text', label: 'Text', command: 'payload-text' },
  { mode: 'hex', label: 'Hex', command: 'payload-hex' },
  { mode: 'decoded', label: 'Decoded', command: 'payload-decoded' },
];

/** The command that switches to `mode`, registered while that tab is offered. */
function useModeCommand(
  command: ShortcutId,
  mode: PayloadMode,
  offered: boolean,
  onChange: (mode: PayloadMode) => void,
): void {
  const run = useCallback(() => onChange(mode), [onChange, mode]);
  useCommand(command, offered ? run : null);
}

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
  useModeCommand('payload-text', 'text', true, onChange);
  useModeCommand('payload-hex', 'hex', true, onChange);
  useModeCommand('payload-decoded', 'decoded', decoded, onChange);
  // The view's scroller where there is one (Text, Hex), else the selected tab.
  const goToPayload = useCallback(() => {
    const panel = document.getElementById(panelId(idPrefix));
    const target =
      panel?.querySelector<HTMLElement>('.payload-scroller') ??
      listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    target?.focus();
  }, [idPrefix]);
  useCommand('open-payload', goToPayload);
  // The find bar sits in the tools row, which a connection without bytes does not have.
  useFindCommand(useStore((s) => (selectSelectedConnection(s)?.chunkCount ?? 0) > 0));
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
      {modes.map(({ mode: m, label, command }) => (
        <button
          key={m}
          {...shortcutHint(command, `Show as ${label.toLowerCase()}`)}
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
