// Where the capture is kept, in the status bar: on disk (and how much), in memory only, or — the
// one that matters — a warning when the disk stopped taking it, with the reason one click away.
// The first two open the Captures view.
import type { PersistenceStats } from '../../../../shared/model';
import { formatBytes } from '../../../../shared/format-bytes';
import { useStore } from '../../store/store';

export function PersistenceStatus({
  persistence,
}: {
  readonly persistence: PersistenceStats | null;
}) {
  const reportError = useStore((s) => s.reportError);
  const openCaptures = useStore((s) => s.setCapturesOpen);
  if (persistence === null) {
    return (
      <button
        type="button"
        className="status-item status-link muted"
        aria-haspopup="dialog"
        title="Captures are kept in memory only. Show captures"
        onClick={() => openCaptures(true)}
      >
        memory only
      </button>
    );
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
    <button
      type="button"
      className="status-item status-link"
      aria-haspopup="dialog"
      title={`Capture ${persistence.captureId}. Show captures`}
      onClick={() => openCaptures(true)}
    >
      {formatBytes(fileBytes)} on disk
    </button>
  );
}
