import { memo } from 'react';
import type { ConnectionInfo } from '../../../../shared/model';
import { useNow } from '../../lib/clock';
import { formatBytes, formatCount } from '../../../../shared/format-bytes';
import { formatClock, formatDateTime, formatDuration } from '../../lib/format-time';
import {
  BEHAVIOUR_SHORT,
  clientAddress,
  detectedText,
  droppedBytes,
  stateText,
  upstreamText,
} from '../../lib/connection-text';

export const ROW_HEIGHT = 26;

function LiveDuration({ since }: { readonly since: number }) {
  const now = useNow();
  return <>{formatDuration(now - since, true)}</>;
}

function DurationCell({ c }: { readonly c: ConnectionInfo }) {
  if (c.closedAt === null) return <LiveDuration since={c.openedAt} />;
  return <>{formatDuration(c.closedAt - c.openedAt)}</>;
}

interface RowProps {
  readonly c: ConnectionInfo;
  readonly rowIndex: number;
  readonly top: number;
  readonly selected: boolean;
  readonly onSelect: (id: number) => void;
}

export const ConnectionRow = memo(function ConnectionRow({
  c,
  rowIndex,
  top,
  selected,
  onSelect,
}: RowProps) {
  const dropped = droppedBytes(c);
  return (
    <div
      role="row"
      id={`connection-row-${c.id}`}
      className={`conn-row conn-${c.state}${selected ? ' is-selected' : ''}`}
      aria-rowindex={rowIndex + 2}
      aria-selected={selected}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(c.id)}
    >
      <div role="gridcell" className="cell cell-id">
        {c.id}
      </div>
      <div role="gridcell" className="cell">
        {c.localPort}
      </div>
      <div
        role="gridcell"
        className="cell cell-proto"
        title={`${c.protocol.toUpperCase()} over ${c.family}`}
      >
        {c.protocol === 'udp' ? 'UDP' : 'TCP'}
        {c.family === 'IPv6' ? <span className="fam-badge">v6</span> : null}
      </div>
      <div
        role="gridcell"
        className="cell cell-detected"
        title={`client → port: ${c.detected.in ?? 'nothing yet'}; port → client: ${c.detected.out ?? 'nothing yet'}`}
      >
        {detectedText(c.detected)}
      </div>
      <div role="gridcell" className="cell cell-client" title={`${c.family} client`}>
        {clientAddress(c)}
      </div>
      <div role="gridcell" className="cell" title={formatDateTime(c.openedAt)}>
        {formatClock(c.openedAt)}
      </div>
      <div role="gridcell" className="cell cell-num">
        <DurationCell c={c} />
      </div>
      <div
        role="gridcell"
        className="cell cell-num cell-in"
        title={`${formatCount(c.in.received)} bytes`}
      >
        {formatBytes(c.in.received)}
      </div>
      <div
        role="gridcell"
        className="cell cell-num cell-out"
        title={`${formatCount(c.out.received)} bytes`}
      >
        {formatBytes(c.out.received)}
      </div>
      <div
        role="gridcell"
        className="cell cell-behaviour"
        title={c.upstream ? upstreamText(c.upstream) : undefined}
      >
        {BEHAVIOUR_SHORT[c.behaviour]}
      </div>
      <div
        role="gridcell"
        className="cell cell-state"
        title={c.error ? c.error.message : undefined}
      >
        <span className="state-dot" aria-hidden="true" />
        <span className="state-text">{stateText(c)}</span>
        {c.truncated ? (
          <span className="badge badge-warn" title={`${formatCount(dropped)} bytes not kept`}>
            truncated
          </span>
        ) : null}
      </div>
    </div>
  );
});
