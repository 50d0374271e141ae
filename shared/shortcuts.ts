// Every keyboard shortcut, once. The page's key handler, its tooltips, the shortcuts sheet, the
// command palette and the desktop app's native menu all read this list, so the key a menu shows
// is the key the page answers. Pure: no DOM, no Node.
//
// Keys are written once for every platform: "Mod" is ⌘ on macOS and Ctrl elsewhere (Electron's
// CmdOrCtrl); key names are KeyboardEvent.key values ("ArrowDown", "Delete", "F6", "?").

export type ShortcutGroup = 'general' | 'ports' | 'connections' | 'payload' | 'captures';
export type MenuName = 'file' | 'edit' | 'view' | 'capture' | 'help';
export type KeyPlatform = 'mac' | 'other';

interface ShortcutSpec {
  readonly id: string;
  /** What it does, as the sheet, the palette and the menu say it. */
  readonly label: string;
  readonly group: ShortcutGroup;
  /** Alternatives; the first is the one tooltips and menus show. None: palette and menu only. */
  readonly keys: readonly string[];
  /** A Mac's keys instead, where they differ (its keyboard has ⌫ where others have Delete). */
  readonly macKeys?: readonly string[];
  /**
   * Also fires while typing in a text field. Only combinations with Mod (or a function key) do:
   * a plain key, or Alt+key (Option+1 types "¡" on a Mac), belongs to the text being typed.
   */
  readonly whileTyping: boolean;
  /** Answered by one widget, not the page (Enter in the connections list): listed only. */
  readonly where?: string;
  /** The native menu that carries it. */
  readonly menu?: MenuName;
  /** More words the palette matches. */
  readonly keywords?: string;
}

export const SHORTCUT_GROUPS: readonly { readonly group: ShortcutGroup; readonly title: string }[] =
  [
    { group: 'general', title: 'General' },
    { group: 'ports', title: 'Ports' },
    { group: 'connections', title: 'Connections' },
    { group: 'payload', title: 'Payload' },
    { group: 'captures', title: 'Captures' },
  ];

export const SHORTCUTS = [
  {
    id: 'command-palette',
    label: 'Command palette…',
    group: 'general',
    keys: ['Mod+K'],
    whileTyping: true,
    menu: 'view',
    keywords: 'actions search run',
  },
  {
    id: 'shortcuts-sheet',
    label: 'Keyboard shortcuts',
    group: 'general',
    keys: ['?'],
    whileTyping: false,
    menu: 'help',
    keywords: 'help keys',
  },
  {
    id: 'next-pane',
    label: 'Next pane',
    group: 'general',
    keys: ['F6'],
    whileTyping: true,
    menu: 'view',
    keywords: 'focus panel region',
  },
  {
    id: 'previous-pane',
    label: 'Previous pane',
    group: 'general',
    keys: ['Shift+F6'],
    whileTyping: true,
    menu: 'view',
    keywords: 'focus panel region',
  },
  {
    id: 'toggle-theme',
    label: 'Switch between light and dark theme',
    group: 'general',
    keys: ['Mod+Shift+D'],
    whileTyping: true,
    menu: 'view',
    keywords: 'dark light colour color appearance',
  },
  {
    id: 'reset-layout',
    label: 'Reset layout',
    group: 'general',
    // No key: rare, and every free combination collides with a browser's (zoom, reload).
    keys: [],
    whileTyping: false,
    menu: 'view',
    keywords: 'panes sizes columns splitters default',
  },
  {
    id: 'open-port',
    label: 'Open a port…',
    group: 'ports',
    keys: ['Mod+Shift+O'],
    whileTyping: true,
    menu: 'capture',
    keywords: 'listen new add tcp udp',
  },
  {
    id: 'focus-filter',
    label: 'Filter connections',
    group: 'connections',
    keys: ['/'],
    whileTyping: false,
    menu: 'edit',
    keywords: 'search client address',
  },
  {
    id: 'next-connection',
    label: 'Next connection',
    group: 'connections',
    keys: ['J', 'Alt+ArrowDown'],
    whileTyping: false,
    menu: 'capture',
    keywords: 'down select',
  },
  {
    id: 'previous-connection',
    label: 'Previous connection',
    group: 'connections',
    keys: ['K', 'Alt+ArrowUp'],
    whileTyping: false,
    menu: 'capture',
    keywords: 'up select',
  },
  {
    id: 'open-payload',
    label: 'Go to the selected connection’s payload',
    group: 'connections',
    keys: ['Enter'],
    whileTyping: false,
    where: 'in the connections list',
    keywords: 'bytes inspect',
  },
  {
    id: 'close-connection',
    label: 'Close the selected connection…',
    group: 'connections',
    keys: ['Delete'],
    macKeys: ['Backspace'],
    whileTyping: false,
    menu: 'capture',
    keywords: 'end fin disconnect',
  },
  {
    id: 'reset-connection',
    label: 'Reset the selected connection…',
    group: 'connections',
    keys: ['Shift+Delete'],
    macKeys: ['Shift+Backspace'],
    whileTyping: false,
    menu: 'capture',
    keywords: 'abort rst kill',
  },
  {
    id: 'clear-history',
    label: 'Clear history…',
    group: 'connections',
    keys: ['Mod+Shift+Delete'],
    macKeys: ['Mod+Shift+Backspace'],
    whileTyping: true,
    menu: 'capture',
    keywords: 'forget remove closed connections',
  },
  {
    id: 'find',
    label: 'Find in payload',
    group: 'payload',
    keys: ['Mod+F'],
    whileTyping: true,
    menu: 'edit',
    keywords: 'search bytes',
  },
  {
    id: 'payload-text',
    label: 'Show the payload as text',
    group: 'payload',
    keys: ['Alt+1'],
    whileTyping: false,
    menu: 'view',
    keywords: 'text utf-8',
  },
  {
    id: 'payload-hex',
    label: 'Show the payload as hex',
    group: 'payload',
    keys: ['Alt+2'],
    whileTyping: false,
    menu: 'view',
    keywords: 'hex bytes dump',
  },
  {
    id: 'payload-decoded',
    label: 'Show the payload decoded',
    group: 'payload',
    keys: ['Alt+3'],
    whileTyping: false,
    menu: 'view',
    keywords: 'http redis postgres protocol',
  },
  {
    id: 'import',
    label: 'Import…',
    group: 'captures',
    keys: ['Mod+O'],
    whileTyping: true,
    menu: 'file',
    keywords: 'open pcap pcapng file',
  },
  {
    id: 'export',
    label: 'Export…',
    group: 'captures',
    keys: ['Mod+Shift+E'],
    whileTyping: true,
    menu: 'file',
    keywords: 'save pcapng har raw',
  },
  {
    id: 'captures',
    label: 'Captures…',
    group: 'captures',
    keys: ['Mod+Shift+L'],
    whileTyping: true,
    menu: 'capture',
    keywords: 'library past saved history',
  },
] as const satisfies readonly ShortcutSpec[];

type Shortcut = (typeof SHORTCUTS)[number];
export type ShortcutId = Shortcut['id'];

const BY_ID: ReadonlyMap<string, ShortcutSpec> = new Map(SHORTCUTS.map((s) => [s.id, s]));

export function isShortcutId(value: unknown): value is ShortcutId {
  return typeof value === 'string' && BY_ID.has(value);
}

function shortcutById(id: ShortcutId): ShortcutSpec {
  // Every ShortcutId is a key of BY_ID by construction.
  return BY_ID.get(id) as ShortcutSpec;
}

/** The keys of a shortcut, in the order this platform shows them. */
export function keysFor(id: ShortcutId, platform: KeyPlatform): readonly string[] {
  const s = shortcutById(id);
  return platform === 'mac' ? (s.macKeys ?? s.keys) : s.keys;
}

interface KeyCombo {
  readonly mod: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  readonly key: string;
}

/** "Mod+Shift+O" → its parts. The key is last; "+" itself is not used as a key. */
function parseCombo(text: string): KeyCombo {
  const parts = text.split('+');
  const key = parts[parts.length - 1] ?? '';
  const modifiers = new Set(parts.slice(0, -1));
  return {
    mod: modifiers.has('Mod'),
    shift: modifiers.has('Shift'),
    alt: modifiers.has('Alt'),
    key,
  };
}

const MAC_KEY_TEXT: Readonly<Record<string, string>> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Delete: '⌦',
  Backspace: '⌫',
  Enter: '↩',
  Escape: 'Esc',
};

const OTHER_KEY_TEXT: Readonly<Record<string, string>> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Delete: 'Del',
  Escape: 'Esc',
};

/** The pieces one key combination is shown as: ["⌘", "⇧", "O"] or ["Ctrl", "Shift", "O"]. */
export function comboParts(text: string, platform: KeyPlatform): readonly string[] {
  const c = parseCombo(text);
  const mac = platform === 'mac';
  const parts: string[] = [];
  if (c.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (c.alt) parts.push(mac ? '⌥' : 'Alt');
  if (c.shift) parts.push(mac ? '⇧' : 'Shift');
  parts.push((mac ? MAC_KEY_TEXT : OTHER_KEY_TEXT)[c.key] ?? c.key);
  return parts;
}

/** One key combination as text: "⌘⇧O" on a Mac, "Ctrl+Shift+O" elsewhere. */
export function formatCombo(text: string, platform: KeyPlatform): string {
  return comboParts(text, platform).join(platform === 'mac' ? '' : '+');
}

/** The first (shown) keys of a shortcut as text, e.g. for a tooltip. */
export function shortcutText(id: ShortcutId, platform: KeyPlatform): string {
  const first = keysFor(id, platform)[0];
  return first === undefined ? '' : formatCombo(first, platform);
}

/** "Save as… (Ctrl+Shift+E)": a control's own description with its shortcut. */
export function shortcutTitle(id: ShortcutId, platform: KeyPlatform, description?: string): string {
  const keys = shortcutText(id, platform);
  const text = description ?? shortcutById(id).label;
  return keys === '' ? text : `${text} (${keys})`;
}

/** The aria-keyshortcuts value: every alternative, with modifiers as KeyboardEvent names. */
export function ariaKeyShortcuts(id: ShortcutId, platform: KeyPlatform): string {
  return keysFor(id, platform)
    .map((text) => {
      const c = parseCombo(text);
      const parts: string[] = [];
      if (c.mod) parts.push(platform === 'mac' ? 'Meta' : 'Control');
      if (c.alt) parts.push('Alt');
      if (c.shift) parts.push('Shift');
      parts.push(c.key === ' ' ? 'Space' : c.key);
      return parts.join('+');
    })
    .join(' ');
}

const ACCELERATOR_KEY: Readonly<Record<string, string>> = {
  ArrowDown: 'Down',
  ArrowUp: 'Up',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Enter: 'Return',
  Escape: 'Esc',
};

/** Electron's accelerator for a key combination: "Mod+Shift+O" → "CmdOrCtrl+Shift+O". */
export function toAccelerator(text: string): string {
  const c = parseCombo(text);
  const parts: string[] = [];
  if (c.mod) parts.push('CmdOrCtrl');
  if (c.alt) parts.push('Alt');
  if (c.shift) parts.push('Shift');
  parts.push(ACCELERATOR_KEY[c.key] ?? c.key);
  return parts.join('+');
}

/** What key matching reads of a keyboard event (a DOM KeyboardEvent has all of it). */
export interface KeyEventLike {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

const ASCII_LETTER = /^[a-z]$/i;

function sameKey(event: KeyEventLike, key: string): boolean {
  if (ASCII_LETTER.test(key)) {
    if (event.key.toUpperCase() === key.toUpperCase()) return true;
    // A layout without Latin letters (Cyrillic, Greek…) or Option on a Mac ("∆" for Option+J):
    // the physical key decides, as it does for the Latin layouts these keys were chosen on.
    return !ASCII_LETTER.test(event.key) && event.code === `Key${key.toUpperCase()}`;
  }
  if (/^\d$/.test(key)) return event.key === key || event.code === `Digit${key}`;
  return event.key === key;
}

/**
 * Whether an event is this key combination. Mod is ⌘ on a Mac and Ctrl elsewhere, and the other
 * of the two must be up. Shift is not compared for punctuation ("?" needs Shift on some layouts
 * and not on others): the character decides.
 */
export function matchesCombo(event: KeyEventLike, text: string, platform: KeyPlatform): boolean {
  const c = parseCombo(text);
  const mod = platform === 'mac' ? event.metaKey : event.ctrlKey;
  const otherMod = platform === 'mac' ? event.ctrlKey : event.metaKey;
  if (mod !== c.mod || otherMod || event.altKey !== c.alt) return false;
  const punctuation = c.key.length === 1 && !/^[a-z0-9]$/i.test(c.key);
  if (!punctuation && event.shiftKey !== c.shift) return false;
  return sameKey(event, c.key);
}

/**
 * The page-wide shortcut an event stands for, or null. `typing`: focus is in a text field, where
 * only shortcuts marked whileTyping fire. Shortcuts a single widget answers are never matched.
 */
export function findShortcut(
  event: KeyEventLike,
  platform: KeyPlatform,
  typing: boolean,
): ShortcutId | null {
  for (const s of SHORTCUTS as readonly (ShortcutSpec & { id: ShortcutId })[]) {
    if (s.where !== undefined || (typing && !s.whileTyping)) continue;
    if (keysFor(s.id, platform).some((keys) => matchesCombo(event, keys, platform))) return s.id;
  }
  return null;
}
