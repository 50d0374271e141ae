import { useState, type ChangeEvent } from 'react';
import { useStore } from '../store/store';
import { selectBridgeStatus, selectTheme } from '../store/selectors';
import type { ThemeChoice } from '../store/ui-slice';
import { WorkspaceMenu } from '../features/ports/workspace-menu';
import { TransferButtons } from '../features/transfer/transfer-buttons';
import { MachineDialog } from '../features/machine/machine-dialog';
import { DiagnoseDialog } from '../features/diagnose/diagnose-dialog';
import { shortcutHint } from '../lib/shortcut-hint';

const STATUS_TEXT = {
  connecting: 'Connecting…',
  open: 'Engine connected',
  closed: 'Reconnecting…',
  'signed-out': 'Not signed in',
} as const;

/** Which of the machine's views is open: its ports, or a diagnosis (of a target, if one was picked). */
type MachineView =
  { readonly view: 'ports' } | { readonly view: 'diagnose'; readonly target: string };

export function AppHeader() {
  const [machine, setMachine] = useState<MachineView | null>(null);
  const theme = useStore(selectTheme);
  const setTheme = useStore((s) => s.setTheme);
  const bridgeStatus = useStore(selectBridgeStatus);
  const openCaptures = useStore((s) => s.setCapturesOpen);
  const resetLayout = useStore((s) => s.resetLayout);
  const onTheme = (event: ChangeEvent<HTMLSelectElement>) =>
    setTheme(event.target.value as ThemeChoice);
  return (
    <header className="app-header" data-pane="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Porthole</span>
        <span className="brand-tag">localhost inspector</span>
      </div>
      {/* Wraps onto a second line in a narrow window rather than running off its edge. */}
      <div className="header-tools">
        <TransferButtons />
        {/* One menu for what is about the machine rather than the capture: keeps the header on
            one line in a 720-pixel window. */}
        <WorkspaceMenu
          label="Machine"
          actions={[
            { label: 'This machine’s ports…', run: () => setMachine({ view: 'ports' }) },
            {
              label: 'Diagnose a connection…',
              run: () => setMachine({ view: 'diagnose', target: '' }),
            },
          ]}
        />
        <button
          type="button"
          className="btn btn-small"
          aria-haspopup="dialog"
          {...shortcutHint('captures', 'Past captures, their retention and disk use')}
          onClick={() => openCaptures(true)}
        >
          Captures
        </button>
        <WorkspaceMenu label="View" actions={[{ label: 'Reset layout', run: resetLayout }]} />
        <span
          className={`engine-pill engine-${bridgeStatus}`}
          // In a narrow window only the dot shows; the words stay for screen readers and hover.
          title={STATUS_TEXT[bridgeStatus]}
        >
          <span className="engine-dot" aria-hidden="true" />
          <span className="engine-text">{STATUS_TEXT[bridgeStatus]}</span>
        </span>
        <select
          className="select select-compact"
          aria-label="Theme"
          {...shortcutHint('toggle-theme')}
          value={theme}
          onChange={onTheme}
        >
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </div>
      {machine?.view === 'ports' ? (
        <MachineDialog
          onClose={() => setMachine(null)}
          onDiagnose={(target) => setMachine({ view: 'diagnose', target })}
        />
      ) : null}
      {machine?.view === 'diagnose' ? (
        <DiagnoseDialog initialTarget={machine.target} onClose={() => setMachine(null)} />
      ) : null}
    </header>
  );
}
