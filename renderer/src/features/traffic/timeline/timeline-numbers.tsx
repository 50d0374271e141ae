// The timeline as a table: the connections in view, earliest first, capped.
import { formatBytes, formatCount, plural } from '../../../../../shared/format-bytes';
import type { ConnectionInfo } from '../../../../../shared/model';
import { clientAddress, stateText } from '../../../lib/connection-text';
import { formatClock, formatDuration } from '../../../lib/format-time';
import { useStore } from '../../../store/store';
import { laneLabelOf } from './timeline-text';

export function TimelineNumbers({
  rows,
  now,
  limit,
}: {
  readonly rows: readonly ConnectionInfo[];
  /** When the rows were taken: open connections' durations count to then. */
  readonly now: number;
  readonly limit: number;
}) {
  const listeners = useStore((s) => s.listeners);
  return (
    <div className="traffic-numbers">
      <table aria-label="Connections in the timeline's view">
        <caption>
          {rows.length >= limit
            ? `First ${formatCount(limit)} connections in view`
            : `${plural(rows.length, 'connection', 'connections')} in view`}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Port</th>
            <th scope="col">Client</th>
            <th scope="col">Opened</th>
            <th scope="col">Duration</th>
            <th scope="col">In</th>
            <th scope="col">Out</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id}>
              <td>{c.id}</td>
              <td>{laneLabelOf(listeners, c.listenerId)}</td>
              <td>{clientAddress(c)}</td>
              <td>{formatClock(c.openedAt)}</td>
              <td>{formatDuration((c.closedAt ?? now) - c.openedAt, c.closedAt === null)}</td>
              <td>{formatBytes(c.in.received)}</td>
              <td>{formatBytes(c.out.received)}</td>
              <td>{stateText(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
