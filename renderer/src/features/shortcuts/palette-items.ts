// What the command palette offers: every command that can run now, then every port.
import { SHORTCUT_GROUPS, SHORTCUTS, type ShortcutId } from '../../../../shared/shortcuts';
import type { ListenerInfo } from '../../../../shared/model';
import { commandAvailable } from '../../lib/commands';
import { formatHostPort } from '../../lib/format-address';

export type PaletteItem =
  | {
      readonly kind: 'command';
      readonly key: string;
      readonly id: ShortcutId;
      readonly label: string;
      readonly detail: string;
      readonly keywords: string;
    }
  | {
      readonly kind: 'port';
      readonly key: string;
      readonly listenerId: string;
      readonly label: string;
      readonly detail: string;
      readonly keywords: string;
    };

const GROUP_TITLE = new Map(SHORTCUT_GROUPS.map((g) => [g.group, g.title]));

/** Commands available now (the palette itself and widget-only keys aside). */
export function commandItems(
  available: (id: ShortcutId) => boolean = commandAvailable,
): PaletteItem[] {
  return SHORTCUTS.filter((s) => s.id !== 'command-palette' && !('where' in s))
    .filter((s) => available(s.id))
    .map((s) => ({
      kind: 'command',
      key: `command:${s.id}`,
      id: s.id,
      label: s.label,
      detail: GROUP_TITLE.get(s.group) ?? '',
      keywords: 'keywords' in s ? s.keywords : '',
    }));
}

/** Every port in the list, open ones first; choosing one shows its connections. */
export function portItems(
  listeners: Readonly<Record<string, ListenerInfo>>,
  order: readonly string[],
): PaletteItem[] {
  const ports = order.flatMap((id) => {
    const l = listeners[id];
    return l === undefined ? [] : [l];
  });
  ports.sort((a, b) => Number(b.state === 'open') - Number(a.state === 'open'));
  return ports.map((l) => {
    const port = l.port ?? l.requestedPort;
    return {
      kind: 'port',
      key: `port:${l.id}`,
      listenerId: l.id,
      label: `Port ${formatHostPort(l.host, port)}`,
      detail: `${l.protocol.toUpperCase()} · ${l.state}`,
      keywords: `${port} ${l.protocol} ${l.state} show connections filter`,
    };
  });
}
