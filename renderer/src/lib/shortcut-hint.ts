// Tooltips and aria-keyshortcuts for controls that have a keyboard shortcut, in this platform's
// keys (⌘ on a Mac, Ctrl elsewhere). In lib/ rather than the shortcuts feature because every
// feature's buttons use it, and features do not import each other.
import {
  ariaKeyShortcuts,
  shortcutText,
  shortcutTitle,
  type KeyPlatform,
  type ShortcutId,
} from '../../../shared/shortcuts';

interface UserAgentData {
  readonly platform?: string;
}

let platform: KeyPlatform | null = null;

/** 'mac' where ⌘ is the command key (macOS, iPadOS with a keyboard), else 'other'. */
export function keyPlatform(): KeyPlatform {
  if (platform === null) {
    const nav = navigator as Navigator & { readonly userAgentData?: UserAgentData };
    // userAgentData where the browser has it; navigator.platform is deprecated but everywhere.
    const name = nav.userAgentData?.platform ?? navigator.platform;
    platform = /mac|iphone|ipad|ipod/i.test(name) ? 'mac' : 'other';
  }
  return platform;
}

/** The shortcut's keys as shown here, e.g. "Ctrl+Shift+E" or "⌘⇧E". */
export function shortcutKeys(id: ShortcutId): string {
  return shortcutText(id, keyPlatform());
}

/** title and aria-keyshortcuts for a control: spread them onto it. */
export function shortcutHint(
  id: ShortcutId,
  description?: string,
): { readonly title: string; readonly 'aria-keyshortcuts': string } {
  const p = keyPlatform();
  return { title: shortcutTitle(id, p, description), 'aria-keyshortcuts': ariaKeyShortcuts(id, p) };
}

/**
 * shortcutHint plus data-command: the control is what the shortcut (and the palette and the
 * desktop menu) acts on when no feature registered a handler for it — a field is focused, a
 * button clicked (lib/commands.ts).
 */
export function commandProps(
  id: ShortcutId,
  description?: string,
): {
  readonly title: string;
  readonly 'aria-keyshortcuts': string;
  readonly 'data-command': ShortcutId;
} {
  return { ...shortcutHint(id, description), 'data-command': id };
}
