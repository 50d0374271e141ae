// Where focus goes when a port's entry is done with: after "Close" the toggle becomes "Open"
// (so a second Enter would reopen the port) and is disabled while it closes (so focus would
// drop to the page); after "Remove" the entry is gone. Focus moves to the next port's entry,
// else the previous one's, else the open-port form's Port field.
import { runCommand } from '../../lib/commands';

/** A port's entry (port-item.tsx), with data-port-entry="<listener id>". */
const ENTRY = '[data-port-entry]';

export function focusAfterPort(id: string): void {
  const entries = [...document.querySelectorAll<HTMLElement>(ENTRY)];
  const at = entries.findIndex((entry) => entry.dataset.portEntry === id);
  const next = at < 0 ? undefined : (entries[at + 1] ?? entries[at - 1]);
  if (next !== undefined) {
    next.focus();
    return;
  }
  // No other port: the form, to open one. Failing that, the port's own entry.
  if (!runCommand('open-port')) entries[at]?.focus();
}
