// Who holds a port, as far as the OS lets us see: name, pid, user, command line, address.
// Command lines can be long; they are cut to one line, and a click (or Enter) shows all of it —
// a tooltip alone would leave keyboard and touch users with the cut.
import './port-holders.css';
import { useState } from 'react';
import type { PortHolder } from '../../../shared/model';

function CommandLine({ text }: { readonly text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <button
      type="button"
      className={`holder-command mono${open ? ' is-open' : ''}`}
      title={open ? 'Show one line' : text}
      aria-expanded={open}
      aria-label={`Command line: ${text}`}
      onClick={() => setOpen(!open)}
    >
      {text}
    </button>
  );
}

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
          {h.commandLine !== null ? <CommandLine text={h.commandLine} /> : null}
        </li>
      ))}
    </ul>
  );
}
