import { useShallow } from 'zustand/react/shallow';
import { formatHostPort } from '../../lib/format-address';
import { formatCount } from '../../lib/format-bytes';
import { clearHistory } from '../../store/actions';
import { useStore } from '../../store/store';

export function ConnectionsToolbar({ shown }: { readonly shown: number }) {
  const { total, loading, filter, order, listenerMap, setFilter } = useStore(
    useShallow((s) => ({
      total: s.connectionIds.length,
      loading: s.loading,
      filter: s.filter,
      order: s.listenerOrder,
      listenerMap: s.listeners,
      setFilter: s.setFilter,
    })),
  );
  const listeners = order.map((id) => listenerMap[id]);
  return (
    <div className="panel-header conn-toolbar">
      <h2 className="panel-title">Connections</h2>
      <span className="badge num" title="Shown / in history">
        {shown === total ? formatCount(total) : `${formatCount(shown)} of ${formatCount(total)}`}
      </span>
      {loading && total > 0 ? <span className="muted loading-note">Loading history…</span> : null}
      <span className="panel-header-spacer" />
      <select
        className="select select-compact"
        aria-label="Filter by port"
        value={filter.listenerId ?? ''}
        onChange={(event) => setFilter({ listenerId: event.target.value || null })}
      >
        <option value="">All ports</option>
        {listeners.map((l) =>
          l ? (
            <option key={l.id} value={l.id}>
              {formatHostPort(l.host, l.port ?? l.requestedPort)}
              {l.protocol === 'udp' ? ' (UDP)' : ''}
            </option>
          ) : null,
        )}
      </select>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.openOnly}
          onChange={(event) => setFilter({ openOnly: event.target.checked })}
        />
        Open only
      </label>
      <button type="button" className="btn btn-small" onClick={() => void clearHistory()}>
        Clear history
      </button>
    </div>
  );
}
