// Everything keyboard-first the window needs, mounted once, first thing in the app: the skip
// links (first in the Tab order), the page's shortcut handler and the menu's commands, and the
// sheet, palette and confirmation dialogs.
import './shortcuts.css';
import { useEffect } from 'react';
import { registerAppCommands } from './app-commands';
import { CommandPalette } from './command-palette';
import { ConfirmDialog } from './confirm-dialog';
import { trackPaneFocus } from './pane-focus';
import { ShortcutsSheet } from './shortcuts-sheet';
import { useShortcutsStore } from './shortcuts-store';
import { SkipLinks } from './skip-links';
import { useGlobalShortcuts } from './use-global-shortcuts';
import { useMenuCommands } from './use-menu-commands';

export function ShortcutsRoot() {
  const overlay = useShortcutsStore((s) => s.overlay);
  const confirm = useShortcutsStore((s) => s.confirm);
  const show = useShortcutsStore((s) => s.show);
  const closeConfirm = useShortcutsStore((s) => s.closeConfirm);
  useEffect(registerAppCommands, []);
  useEffect(trackPaneFocus, []);
  useGlobalShortcuts();
  useMenuCommands();
  return (
    <>
      <SkipLinks />
      {overlay === 'sheet' ? <ShortcutsSheet onClose={() => show(null)} /> : null}
      {overlay === 'palette' ? <CommandPalette onClose={() => show(null)} /> : null}
      {confirm !== null ? <ConfirmDialog request={confirm} onClose={closeConfirm} /> : null}
    </>
  );
}
