import './ports.css';
import { DEFAULT_LISTEN_HOST } from '../../../../shared/model';
import { useStore } from '../../store/store';
import { selectListenerOrder, selectReadOnly } from '../../store/selectors';
import { OpenPortForm } from './open-port-form';
import { PortItem } from './port-item';
import { PortsToolbar } from './ports-toolbar';

export function PortsPanel() {
  const order = useStore(selectListenerOrder);
  // A past capture's ports are a record of what was open: listed, never acted on.
  const readOnly = useStore(selectReadOnly);
  return (
    <div className="ports-panel">
      {/* The form scrolls in its own region, at most about half the panel, so that however
          many behaviour fields it shows, the list of ports below stays in view. */}
      {readOnly ? null : (
        <div className="ports-form-region">
          <OpenPortForm />
        </div>
      )}
      {/* An open behaviour editor can be taller than the panel: the list scrolls on its own. */}
      <div className="ports-scroll">
        <div className="ports-list-header">
          <h2 className="panel-title">{readOnly ? 'Ports in this capture' : 'Ports'}</h2>
          <span className="badge">{order.length}</span>
          {readOnly ? null : <PortsToolbar />}
        </div>
        {order.length === 0 ? (
          <p className="ports-empty muted">
            {readOnly
              ? 'No ports were recorded in this capture.'
              : `No ports yet. Open one above: it listens on ${DEFAULT_LISTEN_HOST} unless you choose another host.`}
          </p>
        ) : null}
        <ul className="ports-list" aria-label="Ports">
          {order.map((id) => (
            <PortItem key={id} id={id} readOnly={readOnly} />
          ))}
        </ul>
      </div>
    </div>
  );
}
