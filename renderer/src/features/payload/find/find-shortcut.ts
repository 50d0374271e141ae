import type { KeyboardEvent } from 'react';
import { useCommand } from '../../../lib/commands';
import { useFindStore } from './find-store';

/** Ctrl+F (⌘F) inside the payload panel opens and focuses the find bar instead of the page's. */
export function onFindShortcut(event: KeyboardEvent<HTMLElement>): void {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'f') return;
  event.preventDefault();
  useFindStore.getState().openBar();
}

const openFind = (): void => useFindStore.getState().openBar();

/**
 * Ctrl+F (⌘F) from anywhere in the window, the connections list included, while `enabled`
 * (a connection with bytes is shown): the page's shortcut handler runs the 'find' command.
 */
export function useFindCommand(enabled: boolean): void {
  useCommand('find', enabled ? openFind : null);
}
