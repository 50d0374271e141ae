// The chunk records of one connection, fetched with readChunks in pages and kept outside the
// store (payload metadata is per view, not app state). Pages load on demand: the first page at
// once, more as the view scrolls toward the end of what is loaded. While the connection is
// live, new records are fetched as its chunkCount grows, and a direction's last record is
// re-read when its byte count grew without a new record (the engine folds reads into it).
import { MAX_PAGE, type PortholeApi } from '../../../../../shared/contract';
import { fail, ok, type ErrorInfo, type Result } from '../../../../../shared/errors';
import type { Chunk, ConnectionInfo, Direction } from '../../../../../shared/model';
import { upperBound } from '../../../lib/search';

export class ChunkSource {
  readonly chunks: Chunk[] = [];
  /** Per direction: indexes into `chunks`, and those chunks' stream offsets (ascending). */
  readonly indexByDir: Record<Direction, number[]> = { in: [], out: [] };
  readonly offsetByDir: Record<Direction, number[]> = { in: [], out: [] };
  /** Bytes received per direction according to the loaded records. */
  private readonly loadedBytes: Record<Direction, number> = { in: 0, out: 0 };
  /** Chunk records the engine has (from the latest connection snapshot). */
  available = 0;
  error: ErrorInfo | null = null;
  version = 0;
  /** Lowest chunk index replaced in place since each version (layouts rebuild from there). */
  private replaced: { version: number; from: number }[] = [];
  private trimmedBefore = 0;
  private demand = MAX_PAGE;
  private target: ConnectionInfo | null = null;
  private running: Promise<void> | null = null;
  /** pump() was called while a pump was running: look again before stopping. */
  private again = false;
  private attached = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: PortholeApi,
    readonly connectionId: number,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  get complete(): boolean {
    return this.chunks.length >= this.available;
  }

  attach(): void {
    this.attached = true;
    void this.pump();
  }

  detach(): void {
    this.attached = false;
  }

  /** A new snapshot of the connection arrived. */
  update(connection: ConnectionInfo): void {
    this.target = connection;
    if (connection.chunkCount !== this.available) {
      this.available = connection.chunkCount;
      this.bump();
    }
    void this.pump();
  }

  /** The view is near the end of what is loaded: fetch another page. */
  loadMore(): void {
    if (this.chunks.length < this.demand) return;
    this.demand = this.chunks.length + MAX_PAGE;
    void this.pump();
  }

  /** Lowest chunk index changed in place after `version` (Infinity when none). */
  replacedSince(version: number): number {
    if (version < this.trimmedBefore) return 0;
    let from = Infinity;
    for (const r of this.replaced) if (r.version > version && r.from < from) from = r.from;
    return from;
  }

  /** The loaded chunk holding `offset` of a direction, or undefined. */
  chunkAt(direction: Direction, offset: number): Chunk | undefined {
    const offsets = this.offsetByDir[direction];
    const i = upperBound(offsets, offset) - 1;
    const index = this.indexByDir[direction][i];
    const chunk = index === undefined ? undefined : this.chunks[index];
    return chunk && offset < chunk.offset + Math.max(chunk.length, 1) ? chunk : undefined;
  }

  /**
   * Load pages until `offset` of `direction` is covered (for "go to offset"): the chunk, null
   * when the connection has no such offset, or the error that stopped the loading.
   */
  async loadUntil(direction: Direction, offset: number): Promise<Result<Chunk | null>> {
    for (;;) {
      const found = this.chunkAt(direction, offset);
      if (found) return ok(found);
      if (this.complete || !this.attached) return ok(null);
      const before = this.chunks.length;
      this.demand = Math.max(this.demand, this.chunks.length + MAX_PAGE);
      // Runs the fetch again even after an earlier failure: the user asked, so retry once.
      await this.pump();
      if (this.chunks.length === before) {
        if (this.error) return fail(this.error);
        return ok(this.chunkAt(direction, offset) ?? null);
      }
    }
  }

  private bump(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  /** Run fetches until there is nothing left to do; concurrent calls join the running one. */
  private pump(): Promise<void> {
    if (!this.attached) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (this.attached && (await this.step()));
        } while (this.again && this.attached);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** One fetch; returns true while there is more to do. */
  private async step(): Promise<boolean> {
    const target = this.target;
    if (!target) return false;
    const loaded = this.chunks.length;
    if (loaded < this.available && loaded < this.demand) {
      const count = Math.min(MAX_PAGE, this.available - loaded, this.demand - loaded);
      const result = await this.api.readChunks({
        connectionId: this.connectionId,
        from: loaded,
        count,
      });
      if (!this.attached) return false;
      if (!result.ok) return this.fail(result.error);
      if (result.value.length === 0) return false;
      for (const chunk of result.value) this.put(chunk);
      this.error = null;
      this.bump();
      return true;
    }
    if (loaded < this.available) return false;
    // Everything listed: a direction whose bytes grew without a new record grew its last one.
    for (const direction of ['in', 'out'] as const) {
      const received = target[direction].received;
      const dirIndexes = this.indexByDir[direction];
      const last = dirIndexes[dirIndexes.length - 1];
      if (last === undefined || this.loadedBytes[direction] >= received) continue;
      const result = await this.api.readChunks({
        connectionId: this.connectionId,
        from: last,
        count: 1,
      });
      if (!this.attached) return false;
      if (!result.ok) return this.fail(result.error);
      const chunk = result.value[0];
      const before = this.chunks[last];
      if (!chunk || !before || chunk.length === before.length) return false;
      this.loadedBytes[direction] += chunk.length - before.length;
      this.chunks[last] = chunk;
      // Visible from the version bump() is about to produce.
      this.replaced.push({ version: this.version + 1, from: last });
      if (this.replaced.length > 64) this.trimmedBefore = this.replaced.shift()?.version ?? 0;
      this.bump();
      return true;
    }
    return false;
  }

  private put(chunk: Chunk): void {
    const index = this.chunks.length;
    this.chunks.push(chunk);
    this.indexByDir[chunk.direction].push(index);
    this.offsetByDir[chunk.direction].push(chunk.offset);
    this.loadedBytes[chunk.direction] += chunk.length;
  }

  private fail(error: ErrorInfo): boolean {
    this.error = error;
    this.bump();
    return false;
  }
}
