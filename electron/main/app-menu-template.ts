// The native menu as data: a pure function of the platform and the build, so it is tested
// without Electron. Every Porthole item comes from shared/shortcuts.ts, with the same keys the
// page answers, and sends its shortcut id to the page, which runs it as the key would.
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';
import {
  SHORTCUTS,
  keysFor,
  toAccelerator,
  type MenuName,
  type ShortcutId,
} from '../../shared/shortcuts';

export interface AppMenuOptions {
  readonly platform: NodeJS.Platform;
  /** Unpackaged (development) builds also get Reload and the developer tools. */
  readonly isPackaged: boolean;
  /** A Porthole item was chosen, in `window` (the focused one, if any). */
  readonly onCommand: (id: ShortcutId, window: BaseWindow | undefined) => void;
}

type Item = MenuItemConstructorOptions;

function commandItem(s: (typeof SHORTCUTS)[number], options: AppMenuOptions): Item {
  const mac = options.platform === 'darwin';
  const keys = keysFor(s.id, mac ? 'mac' : 'other')[0];
  const item: Item = {
    id: s.id,
    label: s.label,
    click: (_item, window) => options.onCommand(s.id, window),
  };
  if (keys === undefined) return item;
  if (s.whileTyping) return { ...item, accelerator: toAccelerator(keys) };
  // A plain key (J, ?, Delete) or Alt+key belongs to the text field being typed in: the page
  // answers it outside text fields, and the menu only shows it. macOS cannot show a key without
  // claiming it, so there the menu leaves it out.
  return mac ? item : { ...item, accelerator: toAccelerator(keys), registerAccelerator: false };
}

/** The menu's Porthole items, its shortcut groups apart by separators. */
function itemsOf(menu: MenuName, options: AppMenuOptions): Item[] {
  const items: Item[] = [];
  let group: string | null = null;
  for (const s of SHORTCUTS) {
    if (!('menu' in s) || s.menu !== menu) continue;
    if (group !== null && s.group !== group) items.push({ type: 'separator' });
    group = s.group;
    items.push(commandItem(s, options));
  }
  return items;
}

export function appMenuTemplate(options: AppMenuOptions): Item[] {
  const mac = options.platform === 'darwin';
  const development: Item[] = options.isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }];
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        ...itemsOf('file', options),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        ...itemsOf('edit', options),
      ],
    },
    {
      label: 'View',
      submenu: [
        ...itemsOf('view', options),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...development,
      ],
    },
    { label: 'Capture', submenu: itemsOf('capture', options) },
    { role: 'windowMenu' },
    { label: 'Help', role: 'help', submenu: itemsOf('help', options) },
  ];
}
