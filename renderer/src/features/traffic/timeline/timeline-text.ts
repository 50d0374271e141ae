// Words for the timeline: lane labels, the accessible summary, and a connection's tooltip lines.
import { formatBytes, formatCount, plural } from '../../../../../shared/format-bytes';
import type { ConnectionInfo, ListenerInfo } from '../../../../../shared/model';
import { clientAddress, stateText } from '../../../lib/connection-text';
import { formatClock, formatDuration } from '../../../lib/format-time';
import type { TimelineIndex } from './timeline-index';

export function laneLabelOf(
  listeners: Readonly<Record<string, ListenerInfo>>,
  key: string,
): string {
  const l = listeners[key];
  if (!l) return 'Removed port';
  return `${l.protocol.toUpperCase()} :${l.port ?? l.requestedPort}`;
}

export function timelineSummary(
  index: TimelineIndex,
  lanes: number,
  from: number,
  to: number,
): string {
  if (index.live === 0) return 'Timeline of connections: none yet';
  const open = index.openCount > 0 ? `, ${formatCount(index.openCount)} open` : '';
  return (
    `Timeline of ${plural(index.live, 'connection', 'connections')} on ` +
    `${plural(lanes, 'port', 'ports')}${open}; showing ${formatClock(from)} to ${formatClock(to)}`
  );
}

/** How long it lived, or has been open so far. */
function lifetimeText(c: ConnectionInfo, now: number): string {
  return c.closedAt === null
    ? `open for ${formatDuration(now - c.openedAt)}`
    : `lived ${formatDuration(c.closedAt - c.openedAt)}`;
}

export function tooltipLines(c: ConnectionInfo, port: string, now: number): string[] {
  return [
    `#${c.id} · ${clientAddress(c)} → ${port}`,
    `opened ${formatClock(c.openedAt)} · ${lifetimeText(c, now)}`,
    `in ${formatBytes(c.in.received)} · out ${formatBytes(c.out.received)}`,
    stateText(c),
  ];
}
