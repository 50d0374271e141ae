// Engine-wide figures. data-bytes-received / data-connections-total carry exact numbers for
// tools (the latency benchmark samples them every animation frame); the text is for people.
import './status-bar.css';
import { formatBytes, plural } from '../../../../shared/format-bytes';
import { selectOpenListenerCount, selectStats } from '../../store/selectors';
import { useStore } from '../../store/store';
import { PersistenceStatus } from './persistence-status';
import type { ReactNode } from 'react';

/** `children`: what other features add at the bar's right (exports and imports). */
export function StatusBar({ children }: { readonly children?: ReactNode }) {
  const stats = useStore(selectStats);
  const openListeners = useStore(selectOpenListenerCount);
  const showLimits = useStore((s) => s.showLimits);
  const received = stats?.bytesReceived ?? 0;
  // Both directions pass through Porthole: what clients sent in, and what went out to them.
  const sent = stats?.bytesOut ?? 0;
  const dropped = stats?.bytesDropped ?? 0;
  const truncated = stats?.truncatedConnections ?? 0;
  return (
    <footer
      className="status-bar"
      role="status"
      aria-label="Status"
      // Updated every frame under load: announcing each change would drown a screen reader.
      aria-live="off"
      data-bytes-received={received}
      data-connections-total={stats?.connectionsTotal ?? 0}
    >
      <span className="status-item">
        <span className={`status-dot${openListeners > 0 ? ' is-on' : ''}`} aria-hidden="true" />
        {plural(stats?.listenersOpen ?? openListeners, 'port open', 'ports open')}
      </span>
      <span className="status-item">
        {plural(stats?.connectionsOpen ?? 0, 'live connection', 'live connections')}
      </span>
      <span className="status-item">
        {plural(stats?.connectionsTotal ?? 0, 'connection', 'connections')} in total
      </span>
      <span
        className="status-item"
        title={`${plural(received - sent, 'byte', 'bytes')} from clients (in), ${plural(sent, 'byte', 'bytes')} to clients (out)`}
      >
        {formatBytes(received - sent)} in · {formatBytes(sent)} out
      </span>
      {stats && stats.bytesCaptured !== received ? (
        <span
          className="status-item"
          title={`${plural(stats.bytesCaptured, 'byte', 'bytes')} kept`}
        >
          {formatBytes(stats.bytesCaptured)} kept
        </span>
      ) : null}
      <span className="status-spacer" />
      {children}
      {stats ? <PersistenceStatus persistence={stats.persistence} /> : null}
      {truncated > 0 || dropped > 0 ? (
        <button
          type="button"
          className="badge badge-warn status-truncated"
          title={`${plural(dropped, 'byte', 'bytes')} were counted but not kept because of the capture limits. Change the limits.`}
          onClick={showLimits}
        >
          truncated: {plural(truncated, 'connection', 'connections')}, {formatBytes(dropped)} not
          kept
        </button>
      ) : null}
      {stats && stats.connectionsEvicted > 0 ? (
        <span className="status-item muted">
          {plural(stats.connectionsEvicted, 'old connection', 'old connections')} forgotten
        </span>
      ) : null}
    </footer>
  );
}
