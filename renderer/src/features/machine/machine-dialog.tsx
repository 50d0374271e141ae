// The machine view: every listening TCP socket and bound UDP socket on this machine, who holds
// it and how far it is exposed, live while open (about every 2 s), sortable and filterable; one
// click puts Porthole in front of a service as a relay and says where to point the client.
import './machine.css';
import { useCallback, useId, useMemo, useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import { plural } from '../../../../shared/format-bytes';
import type { MachineListener } from '../../../../shared/machine';
import type { ListenerInfo } from '../../../../shared/model';
import { useEngine } from '../../bridge/engine-context';
import { ErrorAlert } from '../../components/error-alert';
import { Modal } from '../../components/modal';
import { formatHostPort } from '../../lib/format-address';
import { useStore } from '../../store/store';
import { MachineFilters } from './machine-filters';
import { MachineRow } from './machine-row';
import {
  machineRows,
  NO_MACHINE_FILTER,
  type MachineFilter,
  type MachineSortKey,
} from './machine-rows';
import { putInFront } from './put-in-front';
import { useMachineSnapshot } from './use-machine-snapshot';

const COLUMNS: readonly { key: MachineSortKey | null; label: string; numeric?: boolean }[] = [
  { key: null, label: 'Proto' },
  { key: 'address', label: 'Address' },
  { key: 'exposure', label: 'Exposure' },
  { key: 'process', label: 'Process' },
  { key: 'connections', label: 'Connections', numeric: true },
  { key: null, label: 'Actions' },
];

/** What the last "Put Porthole in front" did. */
type Fronted =
  | { readonly kind: 'opened'; readonly service: MachineListener; readonly relay: ListenerInfo }
  | { readonly kind: 'failed'; readonly service: MachineListener; readonly error: ErrorInfo };

interface Props {
  readonly onClose: () => void;
  /** Offered on TCP listeners: check a connection to it (the app opens the diagnosis). */
  readonly onDiagnose?: (target: string) => void;
}

export function MachineDialog({ onClose, onDiagnose }: Props) {
  const titleId = useId();
  const api = useEngine();
  const openPort = useStore((s) => s.openPort);
  const setFilterOfGrid = useStore((s) => s.setFilter);
  const { snapshot, error, fresh } = useMachineSnapshot();
  const [filter, setFilter] = useState<MachineFilter>(NO_MACHINE_FILTER);
  const [sort, setSort] = useState<MachineSortKey>('port');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [fronted, setFronted] = useState<Fronted | null>(null);

  const rows = useMemo(
    () => machineRows(snapshot?.listeners ?? [], filter, sort),
    [snapshot, filter, sort],
  );
  const exposed = snapshot?.listeners.filter((l) => l.exposure !== 'loopback').length ?? 0;

  // Stable handlers, so a refresh re-renders only the rows whose listener changed.
  const toggle = useCallback(
    (key: string) =>
      setExpanded((previous) => {
        const next = new Set(previous);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  const showTraffic = useCallback(
    (listenerId: string) => {
      setFilterOfGrid({ listenerId });
      onClose();
    },
    [setFilterOfGrid, onClose],
  );
  const front = useCallback(
    (service: MachineListener) => {
      setBusyKey(service.key);
      void putInFront(api, openPort, service).then((result) => {
        setBusyKey(null);
        setFronted(
          result.ok
            ? { kind: 'opened', service, relay: result.listener }
            : { kind: 'failed', service, error: result.error },
        );
      });
    },
    [api, openPort],
  );

  return (
    <Modal labelledBy={titleId} className="machine-dialog" onClose={onClose}>
      <div className="modal-body">
        <header className="modal-header">
          <h2 id={titleId} className="modal-title">
            This machine
          </h2>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-label="Close this machine’s ports"
            onClick={onClose}
          >
            ✕
          </button>
        </header>
        <p className="machine-summary" role="status">
          {snapshot === null
            ? 'Reading this machine’s sockets…'
            : `${plural(snapshot.listenerCount, 'listening socket', 'listening sockets')}, ${exposed} exposed beyond this machine · read in ${snapshot.tookMs} ms, refreshed every 2 s`}
        </p>
        {snapshot?.note ? <p className="machine-note">{snapshot.note}</p> : null}
        {snapshot !== null && !snapshot.complete ? (
          <p className="machine-note">
            The processes could not all be looked at in time; some show as unknown.
          </p>
        ) : null}
        {error ? <ErrorAlert error={error} /> : null}
        {fronted ? <FrontedNote fronted={fronted} onShowTraffic={showTraffic} /> : null}
        <MachineFilters filter={filter} onChange={setFilter} />
        <div className="data-table-wrap machine-table-wrap">
          <table
            className="data-table machine-table"
            aria-label="Listening sockets on this machine"
          >
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column.label}
                    scope="col"
                    className={column.numeric ? 'num' : undefined}
                    aria-sort={column.key !== null && column.key === sort ? 'ascending' : undefined}
                  >
                    {column.key === null ? (
                      column.label === 'Actions' ? (
                        <span className="visually-hidden">{column.label}</span>
                      ) : (
                        column.label
                      )
                    ) : (
                      <button
                        type="button"
                        className="machine-sort"
                        onClick={() =>
                          setSort(column.key === sort ? 'port' : (column.key ?? 'port'))
                        }
                      >
                        {column.label}
                      </button>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => (
                <MachineRow
                  key={l.key}
                  listener={l}
                  fresh={fresh.has(l.key)}
                  expanded={expanded.has(l.key)}
                  onToggle={toggle}
                  onPutInFront={front}
                  onShowTraffic={showTraffic}
                  onDiagnose={onDiagnose}
                  busy={busyKey === l.key}
                />
              ))}
            </tbody>
          </table>
          {snapshot !== null && rows.length === 0 ? (
            <p className="machine-empty">Nothing listens that matches the filter.</p>
          ) : null}
        </div>
      </div>
    </Modal>
  );
}

function FrontedNote({
  fronted,
  onShowTraffic,
}: {
  readonly fronted: Fronted;
  readonly onShowTraffic: (listenerId: string) => void;
}) {
  if (fronted.kind === 'failed') return <ErrorAlert error={fronted.error} />;
  const { service, relay } = fronted;
  const address = formatHostPort('localhost', relay.port);
  return (
    <div className="machine-fronted" role="status">
      <p>
        Porthole now relays <strong className="mono">{address}</strong> →{' '}
        <span className="mono">{service.address}</span>. Point your client at{' '}
        <strong className="mono">{address}</strong> instead of{' '}
        <span className="mono">{service.address}</span>; what it sends and gets back shows under
        that port.
      </p>
      <button
        type="button"
        className="btn btn-small btn-primary"
        onClick={() => onShowTraffic(relay.id)}
      >
        Show its traffic
      </button>
    </div>
  );
}
