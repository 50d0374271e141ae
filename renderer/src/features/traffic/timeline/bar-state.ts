// What colour a connection's bar gets: a handful of states a person tells apart at a glance,
// from the connection's state and end reason.
import type { ConnectionInfo } from '../../../../../shared/model';

export const BAR_STATES = ['open', 'half-closed', 'closed', 'reset', 'error'] as const;
export type BarState = (typeof BAR_STATES)[number];

/** Index into BAR_STATES, kept in a typed array per connection. */
export type BarStateCode = 0 | 1 | 2 | 3 | 4;
/** A connection that left the history: kept as a hole until the index compacts. */
export const REMOVED = 255;

export const BAR_STATE_LABEL: Record<BarState, string> = {
  open: 'Open',
  'half-closed': 'Half-closed',
  closed: 'Closed',
  reset: 'Reset',
  error: 'Error',
};

export function barStateOf(c: Pick<ConnectionInfo, 'state' | 'endReason'>): BarStateCode {
  if (c.state === 'open') return 0;
  if (c.state === 'half-closed') return 1;
  switch (c.endReason) {
    case 'client-reset':
    case 'reset-by-user':
    case 'fault-reset':
      return 3;
    case 'error':
    case 'upstream-failed':
    case 'capture-interrupted':
      return 4;
    default:
      return 2;
  }
}

/**
 * Bar thickness as a share of the row, by bytes carried (both directions): a log scale, so an
 * idle connection is a thin line and 1 GiB fills the row; 1 KiB and 1 MiB are visibly apart.
 */
export function thicknessOf(bytes: number): number {
  if (bytes <= 0) return 0.3;
  return Math.min(1, 0.3 + (0.7 * Math.log2(1 + bytes)) / 30);
}
