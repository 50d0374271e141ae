// The page's one key listener for shortcuts. It listens on window, after every widget: a widget
// that answers a key itself (the grid's arrows, the tabs, the find bar's Enter) prevents its
// default and the shortcut stands down.
import { useEffect } from 'react';
import { findShortcut, type ShortcutId } from '../../../../shared/shortcuts';
import { runCommand } from '../../lib/commands';
import { keyPlatform } from '../../lib/shortcut-hint';
import { isTypingTarget } from './typing-target';

/** Held down, these step on (through the list, through panes); anything else runs once. */
const REPEATS: ReadonlySet<ShortcutId> = new Set([
  'next-connection',
  'previous-connection',
  'next-pane',
  'previous-pane',
]);

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const platform = keyPlatform();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // A modal dialog owns the keyboard while it is open: the page behind it is inert.
      if (document.querySelector('dialog[open]') !== null) return;
      const id = findShortcut(event, platform, isTypingTarget(event.target));
      if (id === null) return;
      if (event.repeat && !REPEATS.has(id)) {
        event.preventDefault();
        return;
      }
      // Only a command that did something keeps the key from the browser (Ctrl+F with no
      // connection selected still finds in the page).
      if (runCommand(id)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
