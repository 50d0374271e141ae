import type { ChangeEvent } from 'react';
import { useStore } from '../store/store';
import { selectBridgeStatus, selectTheme } from '../store/selectors';
import type { ThemeChoice } from '../store/ui-slice';
import { TransferButtons } from '../features/transfer/transfer-buttons';

const STATUS_TEXT = {
  connecting: 'Connecting…',
  open: 'Engine connected',
  closed: 'Reconnecting…',
} as const;

export function AppHeader() {
  const theme = useStore(selectTheme);
  const setTheme = useStore((s) => s.setTheme);
  const bridgeStatus = useStore(selectBridgeStatus);
  const openCaptures = useStore((s) => s.setCapturesOpen);
  const onTheme = (event: ChangeEvent<HTMLSelectElement>) =>
    setTheme(event.target.value as ThemeChoice);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Porthole</span>
        <span className="brand-tag">localhost inspector</span>
      </div>
      <div className="header-tools">
        <TransferButtons />
        <button
          type="button"
          className="btn btn-small"
          aria-haspopup="dialog"
          onClick={() => openCaptures(true)}
        >
          Captures
        </button>
        <span className={`engine-pill engine-${bridgeStatus}`}>
          <span className="engine-dot" aria-hidden="true" />
          {STATUS_TEXT[bridgeStatus]}
        </span>
        <select
          className="select select-compact"
          aria-label="Theme"
          value={theme}
          onChange={onTheme}
        >
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </div>
    </header>
  );
}
