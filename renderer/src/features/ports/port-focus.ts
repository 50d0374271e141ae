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

/** How long a newly opened port's entry stays highlighted. */
const FLASH_MS = 1600;
/** Frames to wait for the new entry to render (its snapshot arrives with the next batch). */
const WAIT_FRAMES = 60;

/**
 * A port just opened from the form: scroll its entry into view (the list may run below the
 * fold) and highlight it for a moment, so the person sees where it went.
 */
export function revealPort(id: string): void {
  let frames = 0;
  const look = () => {
    const entry = document.querySelector<HTMLElement>(`[data-port-entry="${CSS.escape(id)}"]`);
    if (entry === null) {
      if (++frames < WAIT_FRAMES) requestAnimationFrame(look);
      return;
    }
    entry.scrollIntoView({ block: 'nearest' });
    entry.dataset.justOpened = 'true';
    window.setTimeout(() => delete entry.dataset.justOpened, FLASH_MS);
  };
  requestAnimationFrame(look);
}
