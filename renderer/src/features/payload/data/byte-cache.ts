// Captured bytes, fetched by range (readPayload) only for what a view shows, kept in a bounded
// LRU. A direction's stream is cut into fixed windows; each fetch asks for a window plus a few
// bytes of the next, so a text segment can finish a multi-byte character that straddles the
// edge without a second window. Views declare what they want each render (want()); stale
// wishes are dropped before they are fetched, so fast scrolling through 50 MB only fetches
// where the view stops.
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
  readonly bytes: Uint8Array;
  readonly error: ErrorInfo | null;
}

function keyOf(connectionId: number, direction: Direction, index: number): string {
  return `${connectionId}:${direction}:${index}`;
}

export class ByteCache {
  private readonly entries = new Map<string, CachedWindow>();
  private cachedBytes = 0;
  private wanted: WindowRequest[] = [];
  private readonly inFlight = new Set<string>();
  private version = 0;
  private notifyFrame = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: PortholeApi) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** The window if it is cached and reaches needEnd (touches it in the LRU). */
  get(
    connectionId: number,
    direction: Direction,
    index: number,
    needEnd: number,
  ): CachedWindow | undefined {
    const key = keyOf(connectionId, direction, index);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (entry.error) return entry;
    return entry.base + entry.bytes.length >= needEnd ? entry : undefined;
  }

  /** Replace the wish list with what the view shows now; fetches start at once. */
  want(requests: readonly WindowRequest[]): void {
    this.wanted = requests.filter((r) => {
      const entry = this.entries.get(keyOf(r.connectionId, r.direction, r.index));
      return !entry || (!entry.error && entry.base + entry.bytes.length < r.needEnd);
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
    const base = r.index * WINDOW_BYTES;
    const result = await this.api.readPayload({
      connectionId: r.connectionId,
      direction: r.direction,
      offset: base,
      length: WINDOW_BYTES + WINDOW_OVERLAP,
    });
    this.inFlight.delete(key);
    let entry: CachedWindow;
    if (result.ok) {
      let bytes: Uint8Array;
      try {
        bytes = decodeBase64(result.value.data);
      } catch {
        bytes = new Uint8Array(0);
      }
      entry = { base: result.value.offset, bytes, error: null };
    } else if (result.error.code === 'TRANSPORT_CLOSED') {
      // Not the range's fault: let the view ask again after the reconnect.
      this.pump();
      return;
    } else {
      entry = { base, bytes: new Uint8Array(0), error: result.error };
    }
    this.store(key, entry);
    this.pump();
    this.scheduleNotify();
  }

  private store(key: string, entry: CachedWindow): void {
    const old = this.entries.get(key);
    if (old) this.cachedBytes -= old.bytes.length;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.cachedBytes += entry.bytes.length;
    for (const [k, e] of this.entries) {
      if (this.cachedBytes <= MAX_CACHED_BYTES) break;
      this.entries.delete(k);
      this.cachedBytes -= e.bytes.length;
    }
  }

  /** Several fetches finishing in one frame cause one re-render. */
  private scheduleNotify(): void {
    if (this.notifyFrame) return;
    this.notifyFrame = requestAnimationFrame(() => {
      this.notifyFrame = 0;
      this.version += 1;
      for (const listener of this.listeners) listener();
    });
  }
}

/** Window indexes covering stream bytes [from, to). */
export function windowSpan(from: number, to: number): [number, number] {
  return [Math.floor(from / WINDOW_BYTES), Math.floor(Math.max(from, to - 1) / WINDOW_BYTES)];
}
