// Bytes per second, per direction, for the last ten minutes: one ring of 1-second buckets per
// series (all ports together, and each port). Bounded whatever the traffic: 600 buckets × 2
// directions × (ports + 1), written in place; nothing here is React state.
import type { Direction } from '../../../shared/model';

export const RATE_BUCKET_MS = 1000;
export const RATE_BUCKETS = 600;
/** The series of every port together. */
export const ALL_PORTS = '*';

export interface RateSeries {
  readonly in: Float64Array;
  readonly out: Float64Array;
}

export class RateHistory {
  private readonly series = new Map<string, RateSeries>();
  /** Absolute bucket number (epoch ms / bucket) of the newest bucket written, per series. */
  private readonly heads = new Map<string, number>();
  /** Bumped on every write, so a view redraws only when something arrived. */
  version = 0;

  /** Add `bytes` to the bucket holding `at` (epoch ms). */
  add(key: string, direction: Direction, bytes: number, at: number): void {
    if (!(bytes > 0)) return;
    const bucket = Math.floor(at / RATE_BUCKET_MS);
    const s = this.advance(key, bucket);
    if (bucket <= (this.heads.get(key) ?? bucket) - RATE_BUCKETS) return; // too old to keep
    const slot = ((bucket % RATE_BUCKETS) + RATE_BUCKETS) % RATE_BUCKETS;
    s[direction][slot] = (s[direction][slot] ?? 0) + bytes;
    this.version++;
  }

  /**
   * Bytes per bucket for buckets [from, to) (absolute numbers), oldest first; zero where nothing
   * was recorded or the ring no longer holds it.
   */
  read(key: string, from: number, to: number): { in: Float64Array; out: Float64Array } {
    const n = Math.max(0, to - from);
    const out = { in: new Float64Array(n), out: new Float64Array(n) };
    const s = this.series.get(key);
    const head = this.heads.get(key);
    if (!s || head === undefined) return out;
    for (let b = Math.max(from, head - RATE_BUCKETS + 1); b < to && b <= head; b++) {
      const slot = ((b % RATE_BUCKETS) + RATE_BUCKETS) % RATE_BUCKETS;
      out.in[b - from] = s.in[slot] ?? 0;
      out.out[b - from] = s.out[slot] ?? 0;
    }
    return out;
  }

  keys(): string[] {
    return [...this.series.keys()];
  }

  /** The series for `key` with every bucket up to `bucket` cleared for reuse. */
  private advance(key: string, bucket: number): RateSeries {
    let s = this.series.get(key);
    if (!s) {
      s = { in: new Float64Array(RATE_BUCKETS), out: new Float64Array(RATE_BUCKETS) };
      this.series.set(key, s);
      this.heads.set(key, bucket);
      return s;
    }
    const head = this.heads.get(key) ?? bucket;
    if (bucket > head) {
      // Buckets between the old head and this one had no traffic: clear their slots.
      for (let b = head + 1; b <= bucket && b - head <= RATE_BUCKETS; b++) {
        const slot = b % RATE_BUCKETS;
        s.in[slot] = 0;
        s.out[slot] = 0;
      }
      this.heads.set(key, bucket);
    }
    return s;
  }
}

/**
 * Feeds a RateHistory from cumulative counters (a listener's bytesIn/bytesOut): the growth
 * since the last look is the traffic. A first look only sets the baseline — history from before
 * Porthole's window opened has no timing — and a counter that went down (a port reopened)
 * starts over from its new value.
 */
export class CounterSampler {
  private readonly last = new Map<string, { in: number; out: number }>();

  constructor(private readonly history: RateHistory) {}

  observe(key: string, bytesIn: number, bytesOut: number, at: number): { in: number; out: number } {
    const prev = this.last.get(key);
    this.last.set(key, { in: bytesIn, out: bytesOut });
    if (!prev) return { in: 0, out: 0 };
    const dIn = bytesIn >= prev.in ? bytesIn - prev.in : 0;
    const dOut = bytesOut >= prev.out ? bytesOut - prev.out : 0;
    this.history.add(key, 'in', dIn, at);
    this.history.add(key, 'out', dOut, at);
    return { in: dIn, out: dOut };
  }

  forget(key: string): void {
    this.last.delete(key);
  }
}
