// The native menu, as the pure template it is built from (no Electron runtime needed): every
// shortcut with a menu is in it once, with the page's keys; keys that belong to typed text are
// shown but not claimed; choosing an item sends its id; Reload only in development.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate } from '../../electron/main/app-menu-template';
import { SHORTCUTS, type ShortcutId } from '../../shared/shortcuts';

type Item = MenuItemConstructorOptions;

function flatten(items: readonly Item[]): Item[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu as Item[]) : []),
  ]);
}

function build(platform: NodeJS.Platform, isPackaged = true) {
  const sent: ShortcutId[] = [];
  const template = appMenuTemplate({ platform, isPackaged, onCommand: (id) => sent.push(id) });
  return { template, items: flatten(template), sent };
}

function submenu(template: readonly Item[], label: string): Item[] {
  const menu = template.find((item) => item.label === label);
  assert.ok(menu && Array.isArray(menu.submenu), `${label} menu`);
  return menu.submenu as Item[];
}

describe('app menu template', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    test(`every shortcut with a menu is in it exactly once (${platform})`, () => {
      const { items } = build(platform);
      for (const s of SHORTCUTS) {
        const found = items.filter((item) => item.id === s.id);
        assert.equal(found.length, 'menu' in s ? 1 : 0, s.id);
      }
    });
  }

  test('File, Edit, View, Capture, Window, Help in that order; a Mac adds its app menu', () => {
    const labels = (p: NodeJS.Platform) => build(p).template.map((item) => item.label ?? item.role);
    assert.deepEqual(labels('linux'), ['File', 'Edit', 'View', 'Capture', 'windowMenu', 'Help']);
    assert.deepEqual(labels('darwin'), [
      'appMenu',
      'File',
      'Edit',
      'View',
      'Capture',
      'windowMenu',
      'Help',
    ]);
  });

  test('items sit in the menus the list names', () => {
    const { template } = build('linux');
    const ids = (label: string) => submenu(template, label).map((item) => item.id ?? item.role);
    assert.deepEqual(
      ids('File').filter((x) => x !== undefined),
      ['import', 'export', 'quit'],
    );
    assert.ok(ids('Edit').includes('copy') && ids('Edit').includes('find'));
    assert.ok(ids('View').includes('command-palette') && ids('View').includes('toggle-theme'));
    assert.ok(ids('Capture').includes('open-port') && ids('Capture').includes('clear-history'));
    assert.ok(ids('Capture').includes('captures'));
    assert.deepEqual(ids('Help'), ['shortcuts-sheet']);
  });

  test('accelerators are CmdOrCtrl, from the same list the page reads', () => {
    const { items } = build('linux');
    const palette = items.find((item) => item.id === 'command-palette');
    assert.equal(palette?.accelerator, 'CmdOrCtrl+K');
    assert.equal(palette?.registerAccelerator, undefined, 'claimed: fires while typing too');
    assert.equal(items.find((i) => i.id === 'export')?.accelerator, 'CmdOrCtrl+Shift+E');
  });

  test('keys that belong to typed text are shown but not claimed; a Mac leaves them out', () => {
    const linux = build('linux').items.find((item) => item.id === 'next-connection');
    assert.equal(linux?.accelerator, 'J');
    assert.equal(linux?.registerAccelerator, false);
    const mac = build('darwin').items.find((item) => item.id === 'next-connection');
    assert.equal(mac?.accelerator, undefined);
    const macFind = build('darwin').items.find((item) => item.id === 'find');
    assert.equal(macFind?.accelerator, 'CmdOrCtrl+F');
  });

  test('choosing an item sends its shortcut id', () => {
    const { items, sent } = build('linux');
    const item = items.find((i) => i.id === 'clear-history');
    assert.ok(item?.click);
    item.click(
      {} as Parameters<NonNullable<Item['click']>>[0],
      undefined,
      {} as Parameters<NonNullable<Item['click']>>[2],
    );
    assert.deepEqual(sent, ['clear-history']);
  });

  test('Reload and the developer tools only in development; Quit where it belongs', () => {
    const roles = (items: Item[]) => items.map((item) => item.role).filter(Boolean);
    assert.ok(!roles(build('linux', true).items).includes('reload'));
    assert.ok(!roles(build('linux', true).items).includes('toggleDevTools'));
    assert.ok(roles(build('linux', false).items).includes('reload'));
    assert.ok(roles(build('linux', false).items).includes('toggleDevTools'));
    assert.ok(roles(build('linux').items).includes('quit'));
    // On a Mac, Quit is in the app menu; File closes the window.
    assert.ok(!roles(submenu(build('darwin').template, 'File')).includes('quit'));
  });
});
