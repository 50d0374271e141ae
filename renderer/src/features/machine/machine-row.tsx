// One listener in the machine view: where it listens, how far that reaches, who holds it and the
// connections to it (folded until asked for), with "Put Porthole in front" for other programs'
// services and "Show its traffic" for Porthole's own ports.
import { memo } from 'react';
import { clientDescription, clientShort } from '../../../../shared/client-process';
import { formatCount } from '../../../../shared/format-bytes';
import { describeExposure, type Exposure, type MachineListener } from '../../../../shared/machine';

const EXPOSURE_LABEL: Record<Exposure, string> = {
  loopback: 'Loopback only',
  interface: 'One interface',
  'all-interfaces': 'All interfaces',
};

/** Who holds it: name and pid, user, and the command line (or why the process is not known). */
function ProcessCell({ listener: l }: { readonly listener: MachineListener }) {
  const p = l.process;
  if (p.kind === 'remote-host') return <span>{clientShort(p)}</span>;
  const name = l.porthole && p.kind === 'process' ? `Porthole (${p.pid})` : null;
  const headline =
    p.kind === 'process'
      ? (name ?? clientShort(p))
      : p.reason === 'hidden'
        ? 'process hidden'
        : 'unknown';
  const detail =
    p.kind === 'process' ? p.commandLine : clientDescription(p).replace(/^unknown — /, '');
  return (
    <>
      <span className="machine-process-name">{headline}</span>
      {p.user ? <span className="machine-user"> · {p.user}</span> : null}
      {detail ? <span className="machine-process-detail">{detail}</span> : null}
    </>
  );
}

interface Props {
  readonly listener: MachineListener;
  readonly fresh: boolean;
  readonly expanded: boolean;
  readonly onToggle: (key: string) => void;
  readonly onPutInFront: (listener: MachineListener) => void;
  readonly onShowTraffic: (listenerId: string) => void;
  readonly onDiagnose: ((target: string) => void) | undefined;
  readonly busy: boolean;
}

/** What a client would type to reach it: a wildcard listener is reached as localhost. */
function diagnoseTarget(listener: MachineListener): string {
  const wildcard = listener.ip === '0.0.0.0' || listener.ip === '::';
  return wildcard ? `localhost:${listener.port}` : listener.address;
}

/**
 * Memoised: a refresh hands unchanged listeners over as the same objects (use-machine-snapshot),
 * and the dialog's handlers are stable, so only rows that changed render again.
 */
export const MachineRow = memo(function MachineRow(props: Props) {
  const { listener: l, expanded, busy } = props;
  const own = l.portholeListenerId;
  const connectionsId = `machine-connections-${l.key}`;
  return (
    <>
      <tr
        className={props.fresh ? 'machine-row is-fresh' : 'machine-row'}
        data-exposure={l.exposure}
      >
        <td className="mono">{l.protocol.toUpperCase()}</td>
        <th scope="row" className="mono machine-address">
          {l.address}
        </th>
        <td>
          <span
            className={`machine-exposure exposure-${l.exposure}`}
            title={describeExposure(l.exposure, l.ip)}
          >
            {EXPOSURE_LABEL[l.exposure]}
          </span>
          {l.exposure === 'loopback' ? null : (
            <span className="machine-exposure-note">{describeExposure(l.exposure, l.ip)}</span>
          )}
        </td>
        <td className="machine-process" title={clientDescription(l.process)}>
          <ProcessCell listener={l} />
        </td>
        <td className="num">
          {l.protocol === 'udp' ? (
            <span className="muted">—</span>
          ) : l.connectionCount === 0 ? (
            '0'
          ) : (
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-expanded={expanded}
              aria-controls={connectionsId}
              aria-label={`${formatCount(l.connectionCount)} connections to ${l.address}`}
              onClick={() => props.onToggle(l.key)}
            >
              {formatCount(l.connectionCount)} {expanded ? '▾' : '▸'}
            </button>
          )}
        </td>
        <td className="machine-actions">
          {own !== null ? (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => props.onShowTraffic(own)}
            >
              Show its traffic
            </button>
          ) : l.porthole ? (
            // Porthole's own browser-mode page: nothing to put in front of.
            <span className="muted">Porthole’s UI</span>
          ) : (
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              title={`Open a Porthole relay to ${l.address} and record what goes through it`}
              onClick={() => props.onPutInFront(l)}
            >
              Put Porthole in front
            </button>
          )}
          {props.onDiagnose && l.protocol === 'tcp' ? (
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-label={`Diagnose a connection to ${l.address}`}
              onClick={() => props.onDiagnose?.(diagnoseTarget(l))}
            >
              Diagnose
            </button>
          ) : null}
        </td>
      </tr>
      {expanded ? (
        <tr className="machine-connections-row" id={connectionsId}>
          <td />
          <td colSpan={5}>
            <ul className="machine-connections" aria-label={`Connections to ${l.address}`}>
              {l.connections.map((c) => (
                <li key={c.client}>
                  <span className="mono">{c.client}</span> — {clientDescription(c.process)}
                </li>
              ))}
              {l.connectionCount > l.connections.length ? (
                <li className="muted">
                  and {formatCount(l.connectionCount - l.connections.length)} more
                </li>
              ) : null}
            </ul>
          </td>
        </tr>
      ) : null}
    </>
  );
});
