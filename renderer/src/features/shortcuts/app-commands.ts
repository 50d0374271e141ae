// The commands the shortcuts feature carries out itself, through the main store: moving through
// the connections, ending one, clearing the history, unfolding the open-port form, the theme, the
// layout, the Captures view, its own sheet and palette. Destructive ones ask first, in words that
// say what will happen; the buttons in the payload header stay one click (a click on a labelled
// button is explicit enough).
import { flushSync } from 'react-dom';
import { activateMarked, registerCommand } from '../../lib/commands';
import { selectReadOnly, selectSelectedConnection } from '../../store/selectors';
import { useStore } from '../../store/store';
import type { ShortcutId } from '../../../../shared/shortcuts';
import { steppedId } from './connection-step';
import { cyclePane, paneNames } from './pane-focus';
import { useShortcutsStore } from './shortcuts-store';

function stepConnection(step: 1 | -1): void {
  const s = useStore.getState();
  const id = steppedId(s.visibleIds, s.selectedId, step);
  if (id === null) return;
  s.select(id);
  // The grid keeps the selected row rendered (even scrolled away): bring it into view once drawn.
  requestAnimationFrame(() =>
    document.getElementById(`connection-row-${id}`)?.scrollIntoView({ block: 'nearest' }),
  );
}

const selected = () => selectSelectedConnection(useStore.getState());
const live = () => !selectReadOnly(useStore.getState());
const canClose = () => live() && (selected()?.state ?? 'closed') !== 'closed';
const hasPanes = () => paneNames().length > 0;
const canReset = () => canClose() && selected()?.protocol === 'tcp';

function confirmEnd(mode: 'close' | 'reset'): void {
  const c = selected();
  if (c === undefined) return;
  useShortcutsStore.getState().askConfirm(
    mode === 'close'
      ? {
          title: `Close connection #${c.id}?`,
          message:
            'Porthole sends what is still queued, then ends the connection (FIN): the client sees an orderly close.',
          confirmLabel: 'Close connection',
          shortcut: 'close-connection',
          run: () => void useStore.getState().closeConnection(c.id, 'close'),
        }
      : {
          title: `Reset connection #${c.id}?`,
          message:
            'Porthole aborts the connection at once with a TCP reset (RST): bytes still queued are dropped and the client sees “connection reset”.',
          confirmLabel: 'Reset connection',
          shortcut: 'reset-connection',
          run: () => void useStore.getState().closeConnection(c.id, 'reset'),
        },
  );
}

function confirmClear(): void {
  useShortcutsStore.getState().askConfirm({
    title: 'Clear history?',
    message:
      'Every closed connection leaves the list, with its bytes. Open connections stay, and so do the ports.',
    confirmLabel: 'Clear history',
    shortcut: 'clear-history',
    run: () => void useStore.getState().clearHistory(),
  });
}

/** The open-port form's Port field (marked data-command="open-port"), unfolding the form first. */
function openPort(): void {
  const s = useStore.getState();
  if (!s.layout.portFormOpen) flushSync(() => s.setPortFormOpen(true));
  activateMarked('open-port');
}

function toggleTheme(): void {
  const { theme, setTheme } = useStore.getState();
  const dark =
    theme === 'dark' ||
    (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  setTheme(dark ? 'light' : 'dark');
}

function toggleOverlay(overlay: 'sheet' | 'palette'): void {
  const s = useShortcutsStore.getState();
  // flushSync: a dialog being replaced hands focus back before the next one takes it.
  flushSync(() => s.show(s.overlay === overlay ? null : overlay));
}

const COMMANDS: readonly (readonly [ShortcutId, () => void, (() => boolean)?])[] = [
  ['command-palette', () => toggleOverlay('palette')],
  ['shortcuts-sheet', () => toggleOverlay('sheet')],
  ['next-pane', () => void cyclePane(1), hasPanes],
  ['previous-pane', () => void cyclePane(-1), hasPanes],
  ['toggle-theme', toggleTheme],
  ['next-connection', () => stepConnection(1), () => useStore.getState().visibleIds.length > 0],
  [
    'previous-connection',
    () => stepConnection(-1),
    () => useStore.getState().visibleIds.length > 0,
  ],
  ['close-connection', () => confirmEnd('close'), canClose],
  ['reset-connection', () => confirmEnd('reset'), canReset],
  ['clear-history', confirmClear, live],
  ['open-port', openPort, live],
  ['captures', () => useStore.getState().setCapturesOpen(true)],
  ['reset-layout', () => useStore.getState().resetLayout()],
];

/** Register them all; returns the function that removes them. */
export function registerAppCommands(): () => void {
  const removers = COMMANDS.map(([id, run, enabled]) => registerCommand(id, run, enabled));
  return () => {
    for (const remove of removers) remove();
  };
}
