// The one list of shortcuts: its keys parse, show and match the same way everywhere, and no two
// shortcuts answer the same key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  SHORTCUTS,
  ariaKeyShortcuts,
  findShortcut,
  formatCombo,
  isShortcutId,
  keysFor,
  matchesCombo,
  shortcutTitle,
  toAccelerator,
  type KeyEventLike,
  type KeyPlatform,
} from '../../shared/shortcuts';

function key(
  keyName: string,
  modifiers: Partial<Omit<KeyEventLike, 'key' | 'code'>> = {},
  code = '',
): KeyEventLike {
  return {
    key: keyName,
    code,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...modifiers,
  };
}

describe('shortcut list', () => {
  test('ids are unique and known', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(isShortcutId(id));
    assert.equal(isShortcutId('rm -rf'), false);
    assert.equal(isShortcutId(42), false);
  });

  for (const platform of ['mac', 'other'] as const) {
    test(`no key combination answers two shortcuts (${platform})`, () => {
      const seen = new Map<string, string>();
      for (const s of SHORTCUTS) {
        for (const combo of keysFor(s.id, platform)) {
          const other = seen.get(combo);
          assert.equal(other, undefined, `${combo}: ${s.id} and ${other}`);
          seen.set(combo, s.id);
        }
      }
    });
  }

  test('only Mod or function-key combinations fire while typing', () => {
    for (const s of SHORTCUTS) {
      if (!s.whileTyping) continue;
      for (const combo of s.keys) {
        assert.match(combo, /^(Mod\+|(Shift\+)?F\d+$)/, `${s.id}: ${combo} would eat typed text`);
      }
    }
  });
});

describe('showing keys', () => {
  test('Mod is ⌘ on a Mac and Ctrl elsewhere', () => {
    assert.equal(formatCombo('Mod+Shift+O', 'mac'), '⌘⇧O');
    assert.equal(formatCombo('Mod+Shift+O', 'other'), 'Ctrl+Shift+O');
    assert.equal(formatCombo('Alt+ArrowDown', 'other'), 'Alt+↓');
    assert.equal(formatCombo('Alt+1', 'mac'), '⌥1');
    assert.equal(formatCombo('Delete', 'other'), 'Del');
    assert.equal(formatCombo('Backspace', 'mac'), '⌫');
  });

  test('a Mac uses ⌫ where others use Delete', () => {
    assert.deepEqual(keysFor('close-connection', 'mac'), ['Backspace']);
    assert.deepEqual(keysFor('close-connection', 'other'), ['Delete']);
    assert.equal(findShortcut(key('Backspace'), 'other', false), null, 'Backspace is no Delete');
  });

  test('tooltips name the shortcut after the control’s own words', () => {
    assert.equal(shortcutTitle('export', 'other'), 'Export… (Ctrl+Shift+E)');
    assert.equal(
      shortcutTitle('export', 'mac', 'Save connections as pcapng, HAR or raw bytes'),
      'Save connections as pcapng, HAR or raw bytes (⌘⇧E)',
    );
  });

  test('aria-keyshortcuts lists every alternative with DOM modifier names', () => {
    assert.equal(ariaKeyShortcuts('find', 'other'), 'Control+F');
    assert.equal(ariaKeyShortcuts('find', 'mac'), 'Meta+F');
    assert.equal(ariaKeyShortcuts('next-connection', 'other'), 'J Alt+ArrowDown');
  });

  test('Electron accelerators use CmdOrCtrl and its key names', () => {
    assert.equal(toAccelerator('Mod+K'), 'CmdOrCtrl+K');
    assert.equal(toAccelerator('Alt+ArrowUp'), 'Alt+Up');
    assert.equal(toAccelerator('Shift+F6'), 'Shift+F6');
    assert.equal(toAccelerator('Mod+Shift+Delete'), 'CmdOrCtrl+Shift+Delete');
  });
});

describe('matching key events', () => {
  const cases: readonly [string, KeyPlatform, KeyEventLike, string | null][] = [
    ['Ctrl+K on Linux', 'other', key('k', { ctrlKey: true }), 'command-palette'],
    ['⌘K on a Mac', 'mac', key('k', { metaKey: true }), 'command-palette'],
    ['Ctrl+K on a Mac is not ⌘K', 'mac', key('k', { ctrlKey: true }), null],
    ['⌘K elsewhere is not Ctrl+K', 'other', key('k', { metaKey: true }), null],
    ['Ctrl+Shift+O', 'other', key('O', { ctrlKey: true, shiftKey: true }), 'open-port'],
    ['⌘⇧O reported lower case', 'mac', key('o', { metaKey: true, shiftKey: true }), 'open-port'],
    ['Ctrl+O is import, not open a port', 'other', key('o', { ctrlKey: true }), 'import'],
    ['? whatever Shift takes to type it', 'other', key('?', { shiftKey: true }), 'shortcuts-sheet'],
    ['J', 'other', key('j'), 'next-connection'],
    ['Shift+J is not J', 'other', key('J', { shiftKey: true }), null],
    ['Alt+↓', 'other', key('ArrowDown', { altKey: true }), 'next-connection'],
    [
      'Option+1 types ¡ on a Mac: the key decides',
      'mac',
      key('¡', { altKey: true }, 'Digit1'),
      'payload-text',
    ],
    ['Cyrillic о is the J key', 'other', key('о', {}, 'KeyJ'), 'next-connection'],
    ['Dvorak: the letter decides, not the key', 'other', key('j', {}, 'KeyC'), 'next-connection'],
    ['Dvorak h on the J key is not J', 'other', key('h', {}, 'KeyJ'), null],
    ['Delete', 'other', key('Delete'), 'close-connection'],
    ['Shift+Backspace', 'mac', key('Backspace', { shiftKey: true }), 'reset-connection'],
    ['Enter is the grid’s own', 'other', key('Enter'), null],
    ['F6', 'other', key('F6'), 'next-pane'],
    ['Shift+F6', 'other', key('F6', { shiftKey: true }), 'previous-pane'],
  ];
  for (const [name, platform, event, expected] of cases) {
    test(name, () => assert.equal(findShortcut(event, platform, false), expected));
  }

  test('while typing, only whileTyping shortcuts fire', () => {
    assert.equal(findShortcut(key('j'), 'other', true), null);
    assert.equal(findShortcut(key('?', { shiftKey: true }), 'other', true), null);
    assert.equal(findShortcut(key('Delete'), 'other', true), null);
    assert.equal(findShortcut(key('f', { ctrlKey: true }), 'other', true), 'find');
    assert.equal(findShortcut(key('k', { metaKey: true }), 'mac', true), 'command-palette');
  });

  test('extra modifiers never match', () => {
    assert.equal(matchesCombo(key('k', { ctrlKey: true, altKey: true }), 'Mod+K', 'other'), false);
    assert.equal(matchesCombo(key('j', { ctrlKey: true }), 'J', 'other'), false);
  });
});
