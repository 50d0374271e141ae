import { formatCount } from '../../../../shared/format-bytes';
import { selectReadOnly } from '../../store/selectors';
import { shortcutHint } from '../../lib/shortcut-hint';
import { useStore } from '../../store/store';
import { useShallow } from 'zustand/react/shallow';
import { ColumnsMenu } from './columns-menu';

export function ConnectionsToolbar({ shown }: { readonly shown: number }) {
  const { total, loading } = useStore(
    useShallow((s) => ({ total: s.connectionIds.length, loading: s.loading })),
  );
  const clearHistory = useStore((s) => s.clearHistory);
  // A past capture is a record: nothing in it can be cleared.
  const readOnly = useStore(selectReadOnly);
  return (
    <div className="panel-header conn-toolbar">
      <h2 className="panel-title">Connections</h2>
      <span className="badge num" title="Shown / in history">
        {shown === total ? formatCount(total) : `${formatCount(shown)} of ${formatCount(total)}`}
      </span>
      {loading && total > 0 ? <span className="muted loading-note">Loading history…</span> : null}
      <span className="panel-header-spacer" />
      <ColumnsMenu />
      {readOnly ? null : (
        <button
          type="button"
          className="btn btn-small"
          {...shortcutHint('clear-history', 'Forget every closed connection')}
          onClick={() => void clearHistory()}
        >
          Clear history
        </button>
      )}
    </div>
  );
}
