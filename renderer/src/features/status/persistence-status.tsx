// Where the capture is kept, in the status bar: on disk (and how much), in memory only, or — the
// one that matters — a warning when the disk stopped taking it, with the reason one click away.
import type { PersistenceStats } from '../../../../shared/model';
import { formatBytes } from '../../lib/format-bytes';
import { useStore } from '../../store/store';

export function PersistenceStatus({
  persistence,
}: {
  readonly persistence: PersistenceStats | null;
}) {
  const reportError = useStore((s) => s.reportError);
  if (persistence === null) {
    return <span className="status-item muted">memory only</span>;
  }
  const { state, error, fileBytes, lostBytes } = persistence;
  if ((state === 'failed' || state === 'full') && error !== null) {
    return (
      <button
        type="button"
        className="badge badge-warn status-disk-warning"
        title={`${error.message} ${error.hint}`}
        onClick={() => reportError('The capture is not being saved to disk', error)}
      >
        not saved to disk{lostBytes > 0 ? `: ${formatBytes(lostBytes)}` : ''}
      </button>
    );
  }
  return (
    <span className="status-item" title={`Capture ${persistence.captureId}`}>
      {formatBytes(fileBytes)} on disk
    </span>
  );
}
