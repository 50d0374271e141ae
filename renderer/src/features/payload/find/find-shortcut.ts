import type { KeyboardEvent } from 'react';
import { useFindStore } from './find-store';

/** Ctrl+F (⌘F) inside the payload panel opens and focuses the find bar instead of the page's. */
export function onFindShortcut(event: KeyboardEvent<HTMLElement>): void {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'f') return;
  event.preventDefault();
  useFindStore.getState().openBar();
}
