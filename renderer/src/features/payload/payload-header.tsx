import type { ConnectionInfo } from '../../../../shared/model';
import { formatBytes, formatCount } from '../../lib/format-bytes';
import { closeConnection } from '../../store/actions';
import { clientAddress, droppedBytes, stateText } from '../connections/connection-text';
import { DIRECTION_LABEL } from './direction-text';

export function PayloadHeader({ c }: { readonly c: ConnectionInfo }) {
  const dropped = droppedBytes(c);
  return (
    <div className="payload-header">
      <div className="payload-title">
        <span className="payload-id mono">#{c.id}</span>
        <span className="mono payload-route">
          {clientAddress(c)} <span className="muted">→</span> port {c.localPort}
        </span>
        <span
          className={`badge ${c.state === 'open' ? 'badge-ok' : c.state === 'half-closed' ? 'badge-warn' : ''}`}
        >
          {stateText(c)}
        </span>
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
        {c.state !== 'closed' ? (
          <button
            type="button"
            className="btn btn-small btn-danger"
            onClick={() => void closeConnection(c.id)}
          >
            Close connection
          </button>
        ) : null}
      </div>
    </div>
  );
}
