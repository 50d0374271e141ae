// The desktop app's native menu: the main process sends the chosen item's shortcut id over
// IPC_MENU_CHANNEL and the preload hands it here (browser mode has no such menu). The id is
// checked against the list: the page runs nothing it does not know.
import { useEffect } from 'react';
import { isShortcutId } from '../../../../shared/shortcuts';
import { runCommand } from '../../lib/commands';

export function useMenuCommands(): void {
  useEffect(() => {
    // The preload's object itself: the wrapped engine bridge carries engine commands only.
    const subscribe = window.porthole?.onMenuCommand;
    if (subscribe === undefined) return undefined;
    try {
      return subscribe((command) => {
        if (isShortcutId(command)) runCommand(command);
      });
    } catch (error) {
      console.error('Porthole: cannot follow the menu', error);
      return undefined;
    }
  }, []);
}
