// The native menu (built by app-menu-template.ts). A Porthole item is sent to the page it was
// chosen in, which runs it as its keyboard shortcut would.
import { BrowserWindow, Menu, type BaseWindow } from 'electron';
import { IPC_MENU_CHANNEL } from '../../shared/contract';
import type { ShortcutId } from '../../shared/shortcuts';
import { appMenuTemplate } from './app-menu-template';

function sendToPage(id: ShortcutId, window: BaseWindow | undefined): void {
  // The window the menu was used in; on macOS the menu also works with no window focused.
  const target =
    window instanceof BrowserWindow ? window : (BrowserWindow.getAllWindows()[0] ?? null);
  if (target === null || target.isDestroyed()) return;
  target.webContents.send(IPC_MENU_CHANNEL, id);
}

export function installAppMenu(isPackaged: boolean): void {
  const template = appMenuTemplate({
    platform: process.platform,
    isPackaged,
    onCommand: sendToPage,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
