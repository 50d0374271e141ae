// Engine-wide byte accounting and the caps every connection draws from.
//
// Byte figures cover the connections currently in history: evicting or clearing a connection
// gives its captured bytes back to the total budget and takes its figures out of these sums, so
// `bytesCaptured` is what the total cap is measured against and captured + dropped = received
// holds for the sums as it does for each connection.

import { DEFAULT_LIMITS, type CaptureLimits } from '../../shared/model';

export class CaptureTotals {
  limits: CaptureLimits;
  bytesReceived = 0;
  bytesCaptured = 0;
  bytesDropped = 0;
  truncatedConnections = 0;

  constructor(limits: Partial<CaptureLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * How many of `wanted` bytes may be kept by a connection that already keeps
   * `connectionCaptured` bytes. Called once per socket read, so it only does arithmetic.
   */
  grant(wanted: number, connectionCaptured: number): number {
    const perConnection = this.limits.perConnectionBytes - connectionCaptured;
    const total = this.limits.totalBytes - this.bytesCaptured;
    const allowed = perConnection < total ? perConnection : total;
    if (allowed <= 0) return 0;
    return wanted < allowed ? wanted : allowed;
  }

  setLimits(patch: Partial<CaptureLimits>): CaptureLimits {
    const next = { ...this.limits };
    for (const key of Object.keys(patch) as (keyof CaptureLimits)[]) {
      const value = patch[key];
      if (value !== undefined) next[key] = value;
    }
    this.limits = next;
    return next;
  }
}
