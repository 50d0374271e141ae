// One port in the list: its address and state, what it does, its traffic, its actions, and
// the engine's error for it (on the snapshot, so the one source of truth) whenever there is
// one — a failed bind, or a runtime error on a port that stays open.
import { memo, useId, useState } from 'react';
import type { ListenerInfo } from '../../../../shared/model';
import { ErrorAlert } from '../../components/error-alert';
import { formatHostPort } from '../../lib/format-address';
import { formatBytes, formatCount, plural } from '../../../../shared/format-bytes';
import { selectListener, selectListenerError, selectPortFiltered } from '../../store/selectors';
import { useStore } from '../../store/store';
import { BehaviourEditor } from './behaviour/behaviour-editor';
import { BehaviourSummary } from './behaviour/behaviour-summary';
import { NoticeNote } from './notice-note';
import { focusAfterPort } from './port-focus';

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
  const toggleListener = useStore((s) => s.toggleListener);
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
      onClick={() => {
        // Closing disables this button and turns it into "Open": focus moves on first.
        if (state === 'open') focusAfterPort(listener.id);
        void toggleListener(listener);
      }}
    >
      {busy ? (state === 'opening' ? 'Opening…' : 'Closing…') : closing ? 'Close' : 'Open'}
    </button>
  );
}

/** "Open at start": the port opens by itself the next time Porthole starts. */
function OpenAtStart({
  listener,
  port,
}: {
  readonly listener: ListenerInfo;
  readonly port: number;
}) {
  const setOpenAtStart = useStore((s) => s.setOpenAtStart);
  // The box follows the click at once; the engine's snapshot takes over once it answers (and
  // puts the box back if it refused, with a toast saying why).
  const [pending, setPending] = useState<boolean | null>(null);
  const onChange = async (openAtStart: boolean) => {
    setPending(openAtStart);
    await setOpenAtStart(listener.id, openAtStart);
    setPending(null);
  };
  return (
    <label className="port-at-start" title="Open this port by itself when Porthole starts">
      <input
        type="checkbox"
        checked={pending ?? listener.openAtStart}
        aria-label={`Open at start: port ${port}`}
        onChange={(event) => void onChange(event.target.checked)}
      />
      Open at start
    </label>
  );
}

export const PortItem = memo(function PortItem({
  id,
  readOnly,
}: {
  readonly id: string;
  /** A past capture's port: shown as it was, with no actions but the filter. */
  readonly readOnly: boolean;
}) {
  const listener = useStore(selectListener(id));
  const error = useStore(selectListenerError(id));
  const filtered = useStore(selectPortFiltered(id));
  const setFilter = useStore((s) => s.setFilter);
  const reopenListener = useStore((s) => s.reopenListener);
  const removeListener = useStore((s) => s.removeListener);
  const [editing, setEditing] = useState(false);
  const editorId = useId();
  if (!listener) return null;
  const port = listener.port ?? listener.requestedPort;
  const address = formatHostPort(listener.host, port);
  const removable = !readOnly && (listener.state === 'closed' || listener.state === 'failed');
  return (
    <li
      className={`port-item port-${listener.state}`}
      aria-label={`Port ${address}`}
      // Focus lands here (not on a button) after a neighbouring port is closed or removed.
      tabIndex={-1}
      data-port-entry={id}
    >
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
        {readOnly ? null : <OpenAtStart listener={listener} port={port} />}
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
        {listener.osDrops !== null && listener.osDrops > 0 ? (
          <span
            className="port-os-drops"
            title="Datagrams that arrived faster than Porthole could read them: the port's receive buffer was full and the operating system dropped them. They were never captured."
          >
            {plural(listener.osDrops, 'datagram', 'datagrams')} dropped by the OS
          </span>
        ) : null}
      </div>
      <div className="port-actions">
        {readOnly ? null : <ToggleButton listener={listener} port={port} />}
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
        {readOnly ? null : (
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
        )}
        {removable ? (
          <button
            type="button"
            className="btn btn-small btn-ghost btn-danger port-remove"
            aria-label={`Remove port ${port}`}
            onClick={() => {
              focusAfterPort(id);
              void removeListener(id);
            }}
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
      {editing && !readOnly ? (
        <BehaviourEditor listener={listener} port={port} id={editorId} />
      ) : null}
    </li>
  );
});
