// Commands by id: what a keyboard shortcut, the command palette and the desktop menu run. The
// feature that owns an action registers its handler (features do not import each other, so this
// is how the shortcuts feature reaches them); or a control is marked with data-command
// (commandProps in shortcut-hint.ts) and running the command focuses it (a field) or clicks it.
// The newest registration wins, so a view mounted later can take a command over.
import { useEffect } from 'react';
import type { ShortcutId } from '../../../shared/shortcuts';

interface Handler {
  readonly run: () => void;
  /** Whether it can run now (something is selected, the capture is not read-only…). */
  readonly enabled: () => boolean;
}

const handlers = new Map<ShortcutId, readonly Handler[]>();
const always = (): boolean => true;

/** Register a handler; returns the function that removes it. */
export function registerCommand(
  id: ShortcutId,
  run: () => void,
  enabled: () => boolean = always,
): () => void {
  const handler: Handler = { run, enabled };
  handlers.set(id, [...(handlers.get(id) ?? []), handler]);
  return () => {
    const rest = (handlers.get(id) ?? []).filter((h) => h !== handler);
    if (rest.length > 0) handlers.set(id, rest);
    else handlers.delete(id);
  };
}

/**
 * Register a handler while the component is mounted; null registers nothing. Pass stable
 * functions (module-level or useCallback): a new one re-registers.
 */
export function useCommand(
  id: ShortcutId,
  run: (() => void) | null,
  enabled?: () => boolean,
): void {
  useEffect(
    () => (run === null ? undefined : registerCommand(id, run, enabled)),
    [id, run, enabled],
  );
}

const TEXT_FIELD = 'input, textarea, select, [contenteditable="true"]';

/** The control marked for a command that can take it now: enabled, rendered, not inert. */
function markedTarget(id: ShortcutId): HTMLElement | null {
  for (const element of document.querySelectorAll<HTMLElement>(`[data-command="${id}"]`)) {
    if (element.matches(':disabled') || element.closest('[inert]') !== null) continue;
    if (element.getClientRects().length === 0) continue;
    return element;
  }
  return null;
}

/** Whether running the command now would do something. */
export function commandAvailable(id: ShortcutId): boolean {
  const top = handlers.get(id)?.at(-1);
  return top !== undefined ? top.enabled() : markedTarget(id) !== null;
}

/** Run a command; false when nothing could (no handler, nothing marked, or not now). */
export function runCommand(id: ShortcutId): boolean {
  const top = handlers.get(id)?.at(-1);
  if (top !== undefined) {
    if (!top.enabled()) return false;
    top.run();
    return true;
  }
  return activateMarked(id);
}

/**
 * Focus (a field) or click (anything else) the control marked for a command; false when none
 * can take it now. For a handler that first has to bring the control on screen.
 */
export function activateMarked(id: ShortcutId): boolean {
  const target = markedTarget(id);
  if (target === null) return false;
  if (target.matches(TEXT_FIELD)) {
    target.focus();
    // Typing replaces what was there, as in a browser's address bar.
    if (target instanceof HTMLInputElement) target.select();
  } else target.click();
  return true;
}
