// Engine-wide byte accounting and the caps every connection draws from.
//
// Byte figures cover the connections currently in history: evicting or clearing a connection
// gives its captured bytes back to the total budget and takes its figures out of these sums, so
// captured + dropped = received holds for the sums as it does for each connection. The total cap
// is measured against `bytesInMemory`: with captures on disk, memory is a cache of the file.
//
// The total cap is a memory budget, so it also pays for what a connection costs besides its
// bytes: a fixed bookkeeping estimate per connection in history and one per chunk record.
// Without that, 200,000 small connections or a flood of 1-byte reads would hold hundreds of
// megabytes the caps never saw.

/** Measured heap cost of one closed connection in history besides its bytes (about 4.6 KB). */
export const CONNECTION_OVERHEAD_BYTES = 4608;
/** Bytes one chunk record takes in the chunk table's typed arrays. */
export const CHUNK_RECORD_BYTES = 33;

import { DEFAULT_LIMITS, type CaptureLimits } from '../../shared/model';

export class CaptureTotals {
  limits: CaptureLimits;
  bytesReceived = 0;
  /** Of bytesReceived, those going from the port to clients (what Porthole or an upstream sent). */
  bytesOut = 0;
  bytesCaptured = 0;
  /**
   * Captured bytes still held in memory: what the total cap bounds. With captures on disk, bytes
   * of closed connections leave memory (they are read back from the file), so this can be far
   * below bytesCaptured.
   */
  bytesInMemory = 0;
  bytesDropped = 0;
  truncatedConnections = 0;
  /** Bookkeeping charged to the total budget: per connection and per chunk record. */
  overheadBytes = 0;

  /**
   * Asked for room when the total budget is short: lets go of bytes that are safely on disk.
   * Set by the engine when captures are kept on disk.
   */
  makeRoom: ((bytes: number) => void) | null = null;

  constructor(limits: Partial<CaptureLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * How many of `wanted` bytes may be kept by a connection that already keeps
   * `connectionCaptured` bytes. Called once per socket read, so it only does arithmetic.
   */
  grant(wanted: number, connectionCaptured: number): number {
    const perConnection = this.limits.perConnectionBytes - connectionCaptured;
    // Room is kept for the chunk record this read adds, so the budget is never overdrawn by it.
    let total = this.room();
    if (total < wanted && total < perConnection && this.makeRoom !== null) {
      this.makeRoom(Math.min(wanted, perConnection) - total);
      total = this.room();
    }
    const allowed = perConnection < total ? perConnection : total;
    if (allowed <= 0) return 0;
    return wanted < allowed ? wanted : allowed;
  }

  /** What the total budget has left for bytes, keeping room for one more chunk record. */
  private room(): number {
    return this.limits.totalBytes - this.bytesInMemory - this.overheadBytes - CHUNK_RECORD_BYTES;
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
