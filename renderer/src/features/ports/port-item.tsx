import { memo, useId, useState } from 'react';
import type { ListenerInfo } from '../../../../shared/model';
import { formatHostPort } from '../../lib/format-address';
import { formatBytes, formatCount, plural } from '../../lib/format-bytes';
import { reopenListener, removeListener, toggleListener } from '../../store/actions';
import { selectListener, selectListenerError } from '../../store/selectors';
import { useStore } from '../../store/store';
import { BehaviourEditor } from '../behaviour/behaviour-editor';
import { BehaviourSummary } from '../behaviour/behaviour-summary';
import { ErrorAlert } from './error-alert';
import { NoticeNote } from './notice-note';

const STATE_BADGE: Record<ListenerInfo['state'], string> = {
  opening: 'badge-accent',
  open: 'badge-ok',
  closing: 'badge-accent',
  closed: '',
  failed: 'badge-danger',
};

function ToggleButton({
  listener,
  port,
}: {
  readonly listener: ListenerInfo;
  readonly port: number;
}) {
  const { state } = listener;
  // While a bind is in flight the port is not open yet: keep "Close" for when it is.
  const closing = state === 'open' || state === 'closing';
  const busy = state === 'opening' || state === 'closing';
  return (
    <button
      type="button"
      className={`btn btn-small ${closing ? '' : 'btn-primary'}`}
      aria-label={`${closing ? 'Close' : 'Open'} port ${port}`}
      disabled={busy}
      aria-busy={busy}
      onClick={() => void toggleListener(listener)}
    >
      {busy ? (state === 'opening' ? 'Opening…' : 'Closing…') : closing ? 'Close' : 'Open'}
    </button>
  );
}

export const PortItem = memo(function PortItem({ id }: { readonly id: string }) {
  const listener = useStore(selectListener(id));
  const commandError = useStore(selectListenerError(id));
  const setFilter = useStore((s) => s.setFilter);
  const filtered = useStore((s) => s.filter.listenerId === id);
  const [editing, setEditing] = useState(false);
  const editorId = useId();
  if (!listener) return null;
  const port = listener.port ?? listener.requestedPort;
  const address = formatHostPort(listener.host, port);
  const removable = listener.state === 'closed' || listener.state === 'failed';
  const error = (listener.state === 'failed' ? listener.error : null) ?? commandError ?? null;
  return (
    <li className={`port-item port-${listener.state}`} aria-label={`Port ${address}`}>
      <div className="port-head">
        <span className="port-address mono">{address}</span>
        <span className={`badge ${STATE_BADGE[listener.state]}`}>{listener.state}</span>
        {listener.exposed ? (
          <span
            className="badge badge-warn"
            title="Bound to all interfaces: other machines on your network can connect"
          >
            exposed
          </span>
        ) : null}
      </div>
      <BehaviourSummary listener={listener} />
      <div className="port-stats">
        <span title={`${formatCount(listener.connectionsTotal)} connections accepted`}>
          {plural(listener.connectionsTotal, 'connection', 'connections')}
          {listener.connectionsOpen > 0 ? (
            <span className="port-live"> · {formatCount(listener.connectionsOpen)} live</span>
          ) : null}
        </span>
        <span
          className="port-bytes mono"
          title={`${formatCount(listener.bytesIn)} bytes in, ${formatCount(listener.bytesOut)} bytes out`}
        >
          <span className="dir-in">in {formatBytes(listener.bytesIn)}</span>
          <span className="dir-out">out {formatBytes(listener.bytesOut)}</span>
        </span>
      </div>
      <div className="port-actions">
        <ToggleButton listener={listener} port={port} />
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-pressed={filtered}
          aria-label={`Filter connections by port ${port}`}
          title={
            filtered ? 'Showing only this port’s connections' : 'Show only this port’s connections'
          }
          onClick={() => setFilter({ listenerId: filtered ? null : id })}
        >
          Filter
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost port-behaviour-toggle"
          aria-expanded={editing}
          aria-controls={editing ? editorId : undefined}
          aria-label={`Behaviour of port ${port}`}
          onClick={() => setEditing(!editing)}
        >
          <span className="chevron" aria-hidden="true" />
          Behaviour
        </button>
        {removable ? (
          <button
            type="button"
            className="btn btn-small btn-ghost btn-danger port-remove"
            aria-label={`Remove port ${port}`}
            onClick={() => void removeListener(id)}
          >
            Remove
          </button>
        ) : null}
      </div>
      {listener.notice ? <NoticeNote notice={listener.notice} /> : null}
      {error ? (
        <ErrorAlert
          error={error}
          onUsePort={removable ? (next) => void reopenListener(id, next) : undefined}
        />
      ) : null}
      {editing ? <BehaviourEditor listener={listener} port={port} id={editorId} /> : null}
    </li>
  );
});
