// The Export dialog: which format (pcapng for Wireshark, HAR for HTTP tools, raw bytes), which
// connections (all, the ones the filter shows, the selected one) and, for raw bytes, which side.
// The desktop app then asks where to save; browser mode downloads.
import { useId, useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import { formatCount } from '../../../../shared/format-bytes';
import type { ExportFormat } from '../../../../shared/transfer';
import { Modal } from '../../components/modal';
import { useEngine } from '../../bridge/engine-context';
import {
  defaultScope,
  exportRequestFor,
  scopeUnavailable,
  type ExportContext,
  type ExportScope,
} from './export-choices';
import { startExport } from '../../lib/transfer-client';

const FORMATS: readonly { format: ExportFormat; label: string; text: string }[] = [
  { format: 'pcapng', label: 'pcapng', text: 'Packets for Wireshark and tshark' },
  { format: 'har', label: 'HAR 1.2', text: 'HTTP exchanges, for HAR viewers and devtools' },
  { format: 'raw', label: 'Raw bytes', text: 'One side of one connection, byte-exact' },
];

function scopeLabel(scope: ExportScope, context: ExportContext): string {
  if (scope === 'all') return `All connections (${formatCount(context.total)})`;
  if (scope === 'shown') {
    return context.shownIds === null
      ? 'The connections the filter shows'
      : `The ${formatCount(context.shownIds.length)} the filter shows`;
  }
  return context.selectedId === null
    ? 'The selected connection'
    : `The selected connection (#${context.selectedId})`;
}

interface Props {
  readonly context: ExportContext;
  /** What the dialog exports from, in words ("the live capture", a past capture's name). */
  readonly source: string;
  readonly onClose: () => void;
}

export function ExportDialog({ context, source, onClose }: Props) {
  const api = useEngine();
  const titleId = useId();
  const name = useId();
  const [format, setFormat] = useState<ExportFormat>('pcapng');
  const [scope, setScope] = useState<ExportScope>(() => defaultScope(context, 'pcapng'));
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const blocked = scopeUnavailable(context, format, scope);

  const chooseFormat = (next: ExportFormat) => {
    setFormat(next);
    if (scopeUnavailable(context, next, scope) !== null) setScope(defaultScope(context, next));
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    const result = await startExport(api, exportRequestFor(context, { format, scope, direction }));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // Saved, downloading or cancelled: the status bar follows the transfer from here.
    if (result.value !== null) onClose();
  };

  return (
    <Modal labelledBy={titleId} className="export-dialog" onClose={onClose}>
      <form
        className="export-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <header className="modal-header">
          <h2 id={titleId} className="modal-title">
            Export
          </h2>
          <span className="muted export-source">From {source}</span>
        </header>
        <fieldset className="export-group">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.format} className="export-option">
              <input
                type="radio"
                name={`${name}-format`}
                value={f.format}
                checked={format === f.format}
                onChange={() => chooseFormat(f.format)}
              />
              <span className="export-option-label">{f.label}</span>
              <span className="export-option-text">{f.text}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="export-group">
          <legend>Connections</legend>
          {(['all', 'shown', 'selected'] as const).map((s) => {
            const why = scopeUnavailable(context, format, s);
            return (
              <label key={s} className="export-option" title={why ?? undefined}>
                <input
                  type="radio"
                  name={`${name}-scope`}
                  value={s}
                  checked={scope === s}
                  disabled={why !== null}
                  onChange={() => setScope(s)}
                />
                <span className="export-option-label">{scopeLabel(s, context)}</span>
                {why !== null ? <span className="export-option-text">{why}</span> : null}
              </label>
            );
          })}
        </fieldset>
        {format === 'raw' ? (
          <fieldset className="export-group">
            <legend>Side</legend>
            {(['in', 'out'] as const).map((d) => (
              <label key={d} className="export-option">
                <input
                  type="radio"
                  name={`${name}-direction`}
                  value={d}
                  checked={direction === d}
                  onChange={() => setDirection(d)}
                />
                <span className="export-option-label">
                  {d === 'in'
                    ? 'What the client sent (client → port)'
                    : 'What the port sent (port → client)'}
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        {error !== null ? (
          <div className="error-box" role="alert">
            <p className="error-box-message">{error.message}</p>
            <p className="error-box-hint">{error.hint}</p>
          </div>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || blocked !== null}
            title={blocked ?? undefined}
          >
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
