import type { ConnectionInfo } from '../../../../shared/model';
import { formatBytes, formatCount } from '../../../../shared/format-bytes';
import { KIND_LABEL } from '../../lib/behaviour-labels';
import { shortcutHint } from '../../lib/shortcut-hint';
import { clientAddress, droppedBytes, stateText, upstreamText } from '../../lib/connection-text';
import { formatHostPort } from '../../lib/format-address';
import { clientDescription, clientShort } from '../../../../shared/client-process';
import { selectReadOnly } from '../../store/selectors';
import { useStore } from '../../store/store';
import { DIRECTION_LABEL } from './direction-text';

function Route({ c }: { readonly c: ConnectionInfo }) {
  // A replay: Porthole was the client, sending #N's client side to the target.
  if (c.replayOf !== null) {
    return (
      <span className="mono payload-route">
        Replay of{' '}
        <button
          type="button"
          className="link-button"
          title={`Select connection #${c.replayOf}`}
          onClick={() => useStore.getState().select(c.replayOf)}
        >
          #{c.replayOf}
        </button>{' '}
        <span className="muted">→</span> {formatHostPort(c.localAddress, c.localPort)}
      </span>
    );
  }
  // A UDP "connection" is the datagrams exchanged with one peer, not a connection it made.
  if (c.protocol === 'udp') {
    return (
      <span className="mono payload-route">
        UDP conversation with {clientAddress(c)} <span className="muted">on</span> port{' '}
        {c.localPort}
      </span>
    );
  }
  return (
    <span className="mono payload-route">
      {clientAddress(c)} <span className="muted">→</span> port {c.localPort}
    </span>
  );
}

/** Relay only: the other side, and why it failed if it did. */
function UpstreamLine({ c }: { readonly c: ConnectionInfo }) {
  if (c.upstream === null) return null;
  const failed = c.upstream.state === 'failed';
  return (
    <p className={`payload-upstream mono${failed ? ' is-failed' : ''}`}>
      {upstreamText(c.upstream, c.replayOf)}
    </p>
  );
}

export function PayloadHeader({ c }: { readonly c: ConnectionInfo }) {
  const dropped = droppedBytes(c);
  const closeConnection = useStore((s) => s.closeConnection);
  const readOnly = useStore(selectReadOnly);
  // A past capture's connection is a record, even one that was still open when it ended.
  const open = c.state !== 'closed' && !readOnly;
  return (
    <div className="payload-header">
      <div className="payload-title">
        <span className="payload-id mono">#{c.id}</span>
        <Route c={c} />
        <span
          className={`badge ${c.state === 'open' ? 'badge-ok' : c.state === 'half-closed' ? 'badge-warn' : ''}`}
        >
          {stateText(c)}
        </span>
        <span className="badge" title={`${c.protocol.toUpperCase()} over ${c.family}`}>
          {c.protocol.toUpperCase()} · {c.family}
        </span>
        {c.client !== null ? (
          // The program that opened it; its pid, user and command line in the tooltip.
          <span
            className="badge payload-client"
            title={`Client program: ${clientDescription(c.client)}`}
          >
            {clientShort(c.client)}
          </span>
        ) : null}
        {c.behaviour !== 'capture' ? (
          <span className="badge badge-accent" title="The port's behaviour when this began">
            {KIND_LABEL[c.behaviour]}
          </span>
        ) : null}
        {c.divergedAt !== null ? (
          <span
            className="badge badge-warn"
            title="Where this client first sent something other than the recording the port answers from"
          >
            differs from the recording at client byte {formatCount(c.divergedAt)}
          </span>
        ) : null}
        {c.truncated ? (
          <span
            className="badge badge-warn"
            title="Bytes beyond the capture limits were counted but not kept"
          >
            truncated: {formatCount(dropped)} bytes not kept
          </span>
        ) : null}
      </div>
      <div className="payload-figures">
        <span
          className="dir-in"
          title={`${formatCount(c.in.received)} bytes, ${formatCount(c.in.chunks)} reads`}
        >
          {DIRECTION_LABEL.in} {formatBytes(c.in.received)}
        </span>
        <span
          className="dir-out"
          title={`${formatCount(c.out.received)} bytes, ${formatCount(c.out.chunks)} writes`}
        >
          {DIRECTION_LABEL.out} {formatBytes(c.out.received)}
        </span>
        {open ? (
          <button
            type="button"
            className="btn btn-small btn-danger"
            {...shortcutHint(
              'close-connection',
              'Send what is queued, then end the connection (FIN)',
            )}
            onClick={() => void closeConnection(c.id, 'close')}
          >
            Close connection
          </button>
        ) : null}
        {open && c.protocol === 'tcp' ? (
          <button
            type="button"
            className="btn btn-small btn-danger"
            {...shortcutHint('reset-connection', 'Abort at once with a TCP reset (RST)')}
            onClick={() => void closeConnection(c.id, 'reset')}
          >
            Reset connection
          </button>
        ) : null}
      </div>
      {c.upstream !== null || c.error !== null ? (
        <div className="payload-notes">
          <UpstreamLine c={c} />
          {c.error ? (
            <div className="error-box payload-error">
              <p className="error-box-message">{c.error.message}</p>
              <p className="error-box-hint">{c.error.hint}</p>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
