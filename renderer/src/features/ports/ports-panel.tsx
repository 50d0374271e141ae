import './ports.css';
import { DEFAULT_LISTEN_HOST } from '../../../../shared/model';
import { useStore } from '../../store/store';
import { selectListenerOrder } from '../../store/selectors';
import { OpenPortForm } from './open-port-form';
import { PortItem } from './port-item';

export function PortsPanel() {
  const order = useStore(selectListenerOrder);
  return (
    <div className="ports-panel">
      {/* Form and list scroll together: an open behaviour editor can be taller than the panel. */}
      <div className="ports-scroll">
        <OpenPortForm />
        <div className="ports-list-header">
          <h2 className="panel-title">Ports</h2>
          <span className="badge">{order.length}</span>
        </div>
        {order.length === 0 ? (
          <p className="ports-empty muted">
            No ports yet. Open one above: it listens on {DEFAULT_LISTEN_HOST} unless you choose
            another host.
          </p>
        ) : null}
        <ul className="ports-list" aria-label="Ports">
          {order.map((id) => (
            <PortItem key={id} id={id} />
          ))}
        </ul>
      </div>
    </div>
  );
}
