// One grid cell per column key. Cells cut their text with an ellipsis when their column is
// narrow, so each carries its full text (and more detail where there is some) as a tooltip.
import type { ReactNode } from 'react';
import type { ConnectionInfo } from '../../../../shared/model';
import { clientDescription, clientShort } from '../../../../shared/client-process';
import { formatBytes, formatCount } from '../../../../shared/format-bytes';
import { useNow } from '../../lib/clock';
import {
  BEHAVIOUR_SHORT,
  clientAddress,
  detectedText,
  droppedBytes,
  stateText,
  upstreamText,
} from '../../lib/connection-text';
import { formatClock, formatDateTime, formatDuration } from '../../lib/format-time';
import type { ColumnKey, ShownColumn } from './grid-columns';

function LiveDuration({ since }: { readonly since: number }) {
  const now = useNow();
  return <>{formatDuration(now - since, true)}</>;
}

function DurationCell({ c }: { readonly c: ConnectionInfo }) {
  if (c.closedAt === null) return <LiveDuration since={c.openedAt} />;
  return <>{formatDuration(c.closedAt - c.openedAt)}</>;
}

interface CellContent {
  readonly className?: string;
  readonly title?: string;
  readonly content: ReactNode;
}

function stateTitle(c: ConnectionInfo): string {
  const parts = [stateText(c)];
  if (c.error) parts.push(c.error.message);
  if (c.divergedAt !== null) {
    parts.push(`differs from the recording at client byte ${formatCount(c.divergedAt)}`);
  }
  if (c.truncated) parts.push(`truncated: ${formatCount(droppedBytes(c))} bytes not kept`);
  return parts.join(' — ');
}

const CELLS: Readonly<Record<ColumnKey, (c: ConnectionInfo) => CellContent>> = {
  id: (c) => ({ className: 'cell-id', content: c.id }),
  port: (c) => ({ content: c.localPort }),
  proto: (c) => ({
    className: 'cell-proto',
    title: `${c.protocol.toUpperCase()} over ${c.family}`,
    content: (
      <>
        {c.protocol === 'udp' ? 'UDP' : 'TCP'}
        {c.family === 'IPv6' ? <span className="fam-badge">v6</span> : null}
      </>
    ),
  }),
  detected: (c) => ({
    className: 'cell-detected',
    title: `client → port: ${c.detected.in ?? 'nothing yet'}; port → client: ${c.detected.out ?? 'nothing yet'}`,
    content: detectedText(c.detected),
  }),
  client: (c) => ({
    className: 'cell-client',
    title: `${clientAddress(c)} (${c.family} client)`,
    content: clientAddress(c),
  }),
  process: (c) => {
    // A replay is Porthole's own; otherwise the lookup answers shortly after accept.
    if (c.client === null) {
      return c.replayOf !== null
        ? { className: 'cell-process muted', title: 'Sent by Porthole', content: 'Porthole' }
        : {
            className: 'cell-process muted',
            title: 'Looking up the client program…',
            content: '…',
          };
    }
    return {
      className: `cell-process${c.client.kind === 'process' ? '' : ' muted'}`,
      title: clientDescription(c.client),
      content: clientShort(c.client),
    };
  },
  opened: (c) => ({ title: formatDateTime(c.openedAt), content: formatClock(c.openedAt) }),
  duration: (c) => ({ className: 'cell-num', content: <DurationCell c={c} /> }),
  in: (c) => ({
    className: 'cell-num cell-in',
    title: `${formatCount(c.in.received)} bytes`,
    content: formatBytes(c.in.received),
  }),
  out: (c) => ({
    className: 'cell-num cell-out',
    title: `${formatCount(c.out.received)} bytes`,
    content: formatBytes(c.out.received),
  }),
  behaviour: (c) => ({
    className: 'cell-behaviour',
    title: c.upstream ? upstreamText(c.upstream, c.replayOf) : BEHAVIOUR_SHORT[c.behaviour],
    content: c.replayOf !== null ? `replay of #${c.replayOf}` : BEHAVIOUR_SHORT[c.behaviour],
  }),
  state: (c) => ({
    className: 'cell-state',
    title: stateTitle(c),
    content: (
      <>
        <span className="state-dot" aria-hidden="true" />
        <span className="state-text">{stateText(c)}</span>
        {c.divergedAt !== null ? <span className="badge badge-warn">differs</span> : null}
        {c.truncated ? <span className="badge badge-warn">truncated</span> : null}
      </>
    ),
  }),
};

/** Pinned columns stay in view when the grid scrolls sideways (see connections.css). */
export function cellClass(column: ShownColumn, extra?: string): string {
  const pin = column.pinned ? ` cell-pin cell-pin-${column.key}` : '';
  return `cell${pin}${extra ? ` ${extra}` : ''}`;
}

export function ConnectionCell({
  c,
  column,
}: {
  readonly c: ConnectionInfo;
  readonly column: ShownColumn;
}) {
  const cell = CELLS[column.key](c);
  return (
    <div role="gridcell" className={cellClass(column, cell.className)} title={cell.title}>
      {cell.content}
    </div>
  );
}
