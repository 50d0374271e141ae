// Who holds a port, as far as the OS lets us see: name, pid, user, command line, address.
// Command lines can be long; they are cut to one line with the full text in the tooltip.
import './port-holders.css';
import type { PortHolder } from '../../../shared/model';

export function PortHolders({ holders }: { readonly holders: readonly PortHolder[] }) {
  return (
    <ul className="holders" aria-label="Held by">
      {holders.map((h, i) => (
        <li key={`${h.address}-${h.pid ?? 'x'}-${i}`} className="holder">
          <div className="holder-head">
            <span className="holder-name">{h.name ?? 'Unknown process'}</span>
            {h.pid !== null ? <span className="holder-meta mono">pid {h.pid}</span> : null}
            {h.user !== null ? <span className="holder-meta">user {h.user}</span> : null}
            <span className="holder-address mono">{h.address}</span>
          </div>
          {h.commandLine !== null ? (
            <div className="holder-command mono" title={h.commandLine}>
              {h.commandLine}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
