// Exports and imports as every window sees them (from the stats of each batch): a progress bar
// and Cancel while one runs, then how it ended, until dismissed or a minute has passed.
import './transfer.css';
import { useState } from 'react';
import type { TransferInfo } from '../../../../shared/transfer';
import { useEngine } from '../../bridge/engine-context';
import { selectStats } from '../../store/selectors';
import { useStore } from '../../store/store';
import { transferPercent, transferText } from './transfer-text';

const NONE: readonly TransferInfo[] = [];

function TransferItem({
  transfer,
  onDismiss,
}: {
  readonly transfer: TransferInfo;
  readonly onDismiss: () => void;
}) {
  const api = useEngine();
  const reportError = useStore((s) => s.reportError);
  const text = transferText(transfer);
  const percent = transferPercent(transfer);
  const running = transfer.state === 'running';
  const cancel = async () => {
    const result = await api.cancelTransfer({ id: transfer.id });
    // Already over is not worth a toast: the item shows how it ended.
    if (!result.ok && result.error.code !== 'TRANSFER_NOT_FOUND') {
      reportError('Could not cancel', result.error);
    }
  };
  return (
    <span
      className={`transfer-item transfer-${transfer.state}`}
      title={transfer.error?.hint ?? text}
    >
      <span className="transfer-text">{text}</span>
      {running ? (
        <progress
          className="transfer-progress"
          aria-label={text}
          max={100}
          {...(percent === null ? {} : { value: percent })}
        />
      ) : null}
      {running ? (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-label={`Cancel ${transfer.kind} of ${transfer.fileName}`}
          onClick={() => void cancel()}
        >
          Cancel
        </button>
      ) : (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-label={`Dismiss: ${text}`}
          onClick={onDismiss}
        >
          ✕
        </button>
      )}
    </span>
  );
}

export function TransfersStatus() {
  const transfers = useStore((s) => selectStats(s)?.transfers ?? NONE);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const shown = transfers.filter((t) => !dismissed.has(t.id));
  if (shown.length === 0) return null;
  return (
    // Polite: a transfer's start and end are worth hearing; its percentages are not (the
    // progress bar carries them).
    <span className="transfers" role="status" aria-live="polite" aria-label="Exports and imports">
      {shown.map((t) => (
        <TransferItem
          key={t.id}
          transfer={t}
          onDismiss={() => setDismissed((set) => new Set(set).add(t.id))}
        />
      ))}
    </span>
  );
}
