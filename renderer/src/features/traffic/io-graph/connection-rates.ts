// One connection's traffic over its life, from its chunk records (a record per read, with its
// arrival time): exact history for a connection selected long after it carried anything.
// The newest records are kept (up to a cap) in typed arrays; while the connection is live, new
// records are fetched as its chunk count grows, at most once a second. Bytes the records do not
// show yet (reads folded into a record already fetched) count at the last activity.
import { MAX_PAGE, type PortholeApi } from '../../../../../shared/contract';
import type { ConnectionInfo } from '../../../../../shared/model';
import { bucketRecords, bucketSizeFor, DIRECTION_CODE, type Buckets } from './rate-buckets';

const RECORDS_CAP = 100_000;
const REFRESH_MS = 1000;

export class ConnectionRates {
  private at = new Float64Array(1024);
  private length = new Float64Array(1024);
  private direction = new Uint8Array(1024);
  private count = 0;
  /** Index of the first record fetched (older ones are left out past the cap). */
  private base = -1;
  private loadedBytes = { in: 0, out: 0 };
  private connection: ConnectionInfo | null = null;
  private running = false;
  /** A snapshot arrived while fetching: look again afterwards. */
  private again = false;
  private lastFetch = -Infinity;
  private timer = 0;
  private stopped = false;
  version = 0;
  error: string | null = null;

  constructor(
    private readonly api: PortholeApi,
    private readonly onChange: () => void,
  ) {}

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
  }

  update(connection: ConnectionInfo): void {
    this.connection = connection;
    if (this.base < 0) this.base = Math.max(0, connection.chunkCount - RECORDS_CAP);
    void this.fetch();
  }

  /** Bytes per bucket over the connection's life so far (about 120 buckets). */
  buckets(now: number): Buckets | null {
    const c = this.connection;
    if (!c) return null;
    const to = c.closedAt ?? now;
    const bucketMs = bucketSizeFor(Math.max(to - c.openedAt, 10));
    const b = bucketRecords(
      this.at,
      this.length,
      this.direction,
      this.count,
      c.openedAt,
      to,
      bucketMs,
    );
    if (this.base === 0) {
      // Reads folded into a record after we fetched it: place the difference at the last activity.
      const last = Math.min(
        b.in.length - 1,
        Math.max(0, Math.floor((c.lastActivityAt - b.from) / bucketMs)),
      );
      b.in[last] = (b.in[last] ?? 0) + Math.max(0, c.in.received - this.loadedBytes.in);
      b.out[last] = (b.out[last] ?? 0) + Math.max(0, c.out.received - this.loadedBytes.out);
    }
    return b;
  }

  private async fetch(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const wait = this.lastFetch + REFRESH_MS - performance.now();
    if (wait > 0) {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.fetch(), wait);
      return;
    }
    this.running = true;
    this.lastFetch = performance.now();
    try {
      for (;;) {
        const c = this.connection;
        if (!c || this.stopped) return;
        const from = this.base + this.count;
        if (from >= c.chunkCount) break;
        const count = Math.min(MAX_PAGE, c.chunkCount - from);
        const result = await this.api.readChunks({ connectionId: c.id, from, count });
        if (this.stopped) return;
        if (!result.ok) {
          this.error = `${result.error.message} ${result.error.hint}`;
          break;
        }
        if (result.value.length === 0) break;
        for (const chunk of result.value)
          this.push(chunk.at, chunk.length, DIRECTION_CODE[chunk.direction]);
        for (const chunk of result.value) this.loadedBytes[chunk.direction] += chunk.length;
        this.version++;
        this.onChange();
      }
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        void this.fetch();
      }
    }
  }

  private push(at: number, length: number, direction: number): void {
    if (this.count === this.at.length) {
      const grow = <T extends Float64Array | Uint8Array>(a: T): T => {
        const next = new (a.constructor as new (n: number) => T)(a.length * 2);
        next.set(a);
        return next;
      };
      this.at = grow(this.at);
      this.length = grow(this.length);
      this.direction = grow(this.direction);
    }
    this.at[this.count] = at;
    this.length[this.count] = length;
    this.direction[this.count] = direction;
    this.count++;
  }
}
