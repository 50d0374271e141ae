// Picks the outbound path for a socket: direct when there are no faults, shaped otherwise.

import { hasFaults } from '../../../shared/behaviours';
import { DirectOutbound } from './direct-outbound';
import type { Outbound, OutboundOptions } from './outbound';
import { ShapedOutbound } from './shaped-outbound';

/**
 * Without faults the bytes go straight to `socket.write`: no queue, no timers, no copies —
 * capture, echo and relay throughput depend on it.
 */
export function createOutbound(options: OutboundOptions): Outbound {
  if (options.budget === null && !hasFaults(options.faults)) {
    return new DirectOutbound(options.socket, options.sink);
  }
  return new ShapedOutbound(options);
}
