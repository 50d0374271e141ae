import { useShallow } from 'zustand/react/shallow';
import type { ListenHost, Protocol } from '../../../../shared/model';
import type { CaptureSummary } from '../../../../shared/model';
import { formatHostPort } from '../../lib/format-address';
import { plural } from '../../../../shared/format-bytes';
import { formatWhen } from '../../lib/format-when';
import { selectLastPastCapture, selectReadOnly } from '../../store/selectors';
import { useStore } from '../../store/store';

/** An address a client on this machine can dial for a port bound on `host`. */
function dialHost(host: ListenHost): string {
  if (host === 'localhost') return 'localhost';
  return host === '::1' || host === '::' ? '::1' : '127.0.0.1';
}

function ncCommand(protocol: Protocol, host: string, port: string | number): string {
  return `nc ${protocol === 'udp' ? '-u ' : ''}${host} ${port}`;
}

/**
 * After a restart (or a new capture) the live capture starts empty; what was recorded before is
 * one click away instead of behind the Captures view.
 */
function LastCaptureOffer({ capture }: { readonly capture: CaptureSummary }) {
  const showCapture = useStore((s) => s.showCapture);
  const summary = `${plural(capture.connections, 'connection', 'connections')}, ${formatWhen(capture.startedAt)}`;
  return (
    <p className="empty-state-offer">
      Your last capture: {summary}
      {capture.name !== null ? ` (${capture.name})` : ''} —{' '}
      <button
        type="button"
        className="btn btn-small"
        aria-label={`Open it: your last capture, ${summary}`}
        onClick={() => showCapture(capture)}
      >
        Open it
      </button>
    </p>
  );
}

/** Tells the user the next step: open a port, or point a client at the one that is open. */
export function ConnectionsEmpty({ filtered }: { readonly filtered: boolean }) {
  const { loading, openHost, openPortNumber, openProtocol } = useStore(
    useShallow((s) => {
      const open = s.listenerOrder.map((id) => s.listeners[id]).find((l) => l?.state === 'open');
      return {
        loading: s.loading && s.connectionIds.length === 0,
        openHost: open?.host ?? null,
        openPortNumber: open?.port ?? null,
        openProtocol: open?.protocol ?? 'tcp',
      };
    }),
  );
  const lastCapture = useStore(selectLastPastCapture);
  const readOnly = useStore(selectReadOnly);
  const openPort =
    openHost !== null && openPortNumber !== null ? { host: openHost, port: openPortNumber } : null;
  if (loading) {
    return (
      <div className="empty-state">
        <p>Loading connections…</p>
      </div>
    );
  }
  if (filtered) {
    return (
      <div className="empty-state">
        <p className="empty-state-title">No connections match the filter</p>
        <p>Change or clear the filters above to see every connection.</p>
      </div>
    );
  }
  if (readOnly) {
    return (
      <div className="empty-state">
        <p className="empty-state-title">No connections in this capture</p>
        <p>Nothing connected to its ports while it was recording.</p>
      </div>
    );
  }
  const target = openPort
    ? ncCommand(openProtocol, dialHost(openPort.host), openPort.port)
    : ncCommand('tcp', 'localhost', 'PORT');
  return (
    <div className="empty-state">
      <p className="empty-state-title">
        {openPort ? 'Waiting for a client' : 'No connections yet'}
      </p>
      <p>
        {openPort
          ? `${formatHostPort(openPort.host, openPort.port)} is listening. Connect a client:`
          : 'Open a port, then connect a client:'}{' '}
        <code>{target}</code>
      </p>
      {lastCapture ? <LastCaptureOffer capture={lastCapture} /> : null}
    </div>
  );
}
