// Captured bytes, fetched by range (readPayload) only for what a view shows, kept in a bounded
// LRU. A direction's stream is cut into fixed windows; each fetch asks for a window plus a few
// bytes of the next, so a text segment can finish a multi-byte character that straddles the
// edge without a second window. Views declare what they want each render (want()); stale
// wishes are dropped before they are fetched, so fast scrolling through 50 MB only fetches
// where the view stops. A live connection's last window grows: what is cached stays on screen
// and only the missing tail is fetched and appended.
import type { PortholeApi } from '../../../../../shared/contract';
import type { ErrorInfo } from '../../../../../shared/errors';
import type { Direction } from '../../../../../shared/model';
import { decodeBase64 } from '../../../lib/base64';

export const WINDOW_BYTES = 64 * 1024;
/** Extra bytes fetched past each window: a hex row or a UTF-8 character that starts in the
 * window always ends within it. */
export const WINDOW_OVERLAP = 16;
const MAX_CACHED_BYTES = 48 * 1024 * 1024;
const MAX_IN_FLIGHT = 4;

export interface WindowRequest {
  readonly connectionId: number;
  readonly direction: Direction;
  readonly index: number;
  /** The stream offset the view needs the window to reach (exclusive). */
  readonly needEnd: number;
}

export interface CachedWindow {
  /** Stream offset of bytes[0]. */
  readonly base: number;
  /** What has been fetched so far: a prefix of the window (plus overlap) that may still grow. */
  readonly bytes: Uint8Array;
  readonly error: ErrorInfo | null;
}

export interface ByteCacheOptions {
  /** Bytes kept before the least recently used windows are dropped. */
  readonly maxBytes?: number;
  /** Runs `notify` once soon (the next animation frame in the app). */
  readonly schedule?: (notify: () => void) => void;
}

function keyOf(connectionId: number, direction: Direction, index: number): string {
  return `${connectionId}:${direction}:${index}`;
}

/** Stream offset one past the window's last byte (overlap included). */
function windowLimit(index: number): number {
  return index * WINDOW_BYTES + WINDOW_BYTES + WINDOW_OVERLAP;
}

/** Stream offset one past the cached bytes of a window. */
export function cachedEnd(entry: CachedWindow): number {
  return entry.base + entry.bytes.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const nextFrame = (notify: () => void): void => {
  requestAnimationFrame(notify);
};

export class ByteCache {
  private readonly entries = new Map<string, CachedWindow>();
  private cachedBytes = 0;
  private wanted: WindowRequest[] = [];
  private readonly inFlight = new Set<string>();
  private version = 0;
  private notifyPending = false;
  private readonly listeners = new Set<() => void>();
  private readonly maxBytes: number;
  private readonly schedule: (notify: () => void) => void;

  constructor(
    private readonly api: PortholeApi,
    options: ByteCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? MAX_CACHED_BYTES;
    this.schedule = options.schedule ?? nextFrame;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Bytes held now (for tests and diagnostics). */
  get size(): number {
    return this.cachedBytes;
  }

  /**
   * The window as far as it is cached (touches it in the LRU). It may end before what the view
   * needs while the tail is being fetched: views show what is there rather than a placeholder.
   */
  get(connectionId: number, direction: Direction, index: number): CachedWindow | undefined {
    const key = keyOf(connectionId, direction, index);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Replace the wish list with what the view shows now; fetches start at once. */
  want(requests: readonly WindowRequest[]): void {
    this.wanted = requests.filter((r) => {
      const entry = this.entries.get(keyOf(r.connectionId, r.direction, r.index));
      return !entry || (!entry.error && cachedEnd(entry) < r.needEnd);
    });
    this.pump();
  }

  private pump(): void {
    while (this.inFlight.size < MAX_IN_FLIGHT && this.wanted.length > 0) {
      const next = this.wanted.shift();
      if (!next) break;
      const key = keyOf(next.connectionId, next.direction, next.index);
      if (this.inFlight.has(key)) continue;
      this.inFlight.add(key);
      void this.fetch(key, next);
    }
  }

  private async fetch(key: string, r: WindowRequest): Promise<void> {
    const windowBase = r.index * WINDOW_BYTES;
    const previous = this.entries.get(key);
    // A window already partly here only needs its tail.
    const from = previous && !previous.error ? cachedEnd(previous) : windowBase;
    const length = windowLimit(r.index) - from;
    if (length <= 0) {
      this.inFlight.delete(key);
      this.pump();
      return;
    }
    const result = await this.api.readPayload({
      connectionId: r.connectionId,
      direction: r.direction,
      offset: from,
      length,
    });
    this.inFlight.delete(key);
    if (!result.ok && result.error.code === 'TRANSPORT_CLOSED') {
      // Not the range's fault: let the view ask again after the reconnect.
      this.pump();
      return;
    }
    const entry = this.merge(key, windowBase, from, result);
    if (entry) {
      this.store(key, entry);
      this.scheduleNotify();
    }
    this.pump();
  }

  /** The window after a fetch from `from`, or null when the fetch added nothing. */
  private merge(
    key: string,
    windowBase: number,
    from: number,
    result: Awaited<ReturnType<PortholeApi['readPayload']>>,
  ): CachedWindow | null {
    if (!result.ok) return { base: windowBase, bytes: new Uint8Array(0), error: result.error };
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64(result.value.data);
    } catch {
      bytes = new Uint8Array(0);
    }
    const current = this.entries.get(key);
    if (from === windowBase) {
      // A full fetch; keep a longer copy if one landed meanwhile.
      if (current && !current.error && cachedEnd(current) >= result.value.offset + bytes.length) {
        return null;
      }
      return { base: result.value.offset, bytes, error: null };
    }
    if (bytes.length === 0) return null;
    // A tail: append it only where it continues what is cached (the entry may have been
    // evicted or replaced while the fetch was out).
    if (!current || current.error || cachedEnd(current) !== result.value.offset) return null;
    return { base: current.base, bytes: concat(current.bytes, bytes), error: null };
  }

  private store(key: string, entry: CachedWindow): void {
    const old = this.entries.get(key);
    if (old) this.cachedBytes -= old.bytes.length;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.cachedBytes += entry.bytes.length;
    for (const [k, e] of this.entries) {
      if (this.cachedBytes <= this.maxBytes || k === key) break;
      this.entries.delete(k);
      this.cachedBytes -= e.bytes.length;
    }
  }

  /** Several fetches finishing in one frame cause one re-render. */
  private scheduleNotify(): void {
    if (this.notifyPending) return;
    this.notifyPending = true;
    this.schedule(() => {
      this.notifyPending = false;
      this.version += 1;
      for (const listener of this.listeners) listener();
    });
  }
}
