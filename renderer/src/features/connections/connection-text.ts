import type { ConnectionInfo, EndReason } from '../../../../shared/model';
import { formatHostPort } from '../../lib/format-address';

const END_REASON_TEXT: Record<EndReason, string> = {
  'client-closed': 'client closed',
  'client-reset': 'client reset',
  'closed-by-user': 'closed by you',
  'port-closed': 'port closed',
  error: 'error',
};

export function clientAddress(c: ConnectionInfo): string {
  return formatHostPort(c.remoteAddress, c.remotePort);
}

export function stateText(c: ConnectionInfo): string {
  if (c.state !== 'closed' || c.endReason === null) return c.state;
  return `closed · ${END_REASON_TEXT[c.endReason]}`;
}

export function droppedBytes(c: ConnectionInfo): number {
  return c.in.dropped + c.out.dropped;
}
