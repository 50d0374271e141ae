// Every connection the engine still remembers, by id, with id-ordered paging and eviction of the
// oldest closed connections.

import type { CapturedConnection } from './engine-types';

export class ConnectionHistory {
  private readonly byId = new Map<number, CapturedConnection>();
  /** Ids in ascending order for paging; may still hold removed ids until the next rebuild. */
  private order: number[] = [];
  private removedSinceRebuild = 0;
  /** Closed connections in the order they closed: the first one is the next to evict. */
  private readonly closed = new Map<number, CapturedConnection>();

  get size(): number {
    return this.byId.size;
  }

  get closedCount(): number {
    return this.closed.size;
  }

  /** Ids are handed out in increasing order, so appending keeps `order` sorted. */
  add(conn: CapturedConnection): void {
    this.byId.set(conn.id, conn);
    this.order.push(conn.id);
  }

  get(id: number): CapturedConnection | undefined {
    return this.byId.get(id);
  }

  markClosed(conn: CapturedConnection): void {
    if (this.byId.has(conn.id)) this.closed.set(conn.id, conn);
  }

  /** Remove and return the connection that has been closed longest, if any. */
  evictOldestClosed(): CapturedConnection | undefined {
    const first = this.closed.values().next();
    if (first.done === true) return undefined;
    this.remove(first.value);
    return first.value;
  }

  /** Remove every closed connection; returns them. */
  removeAllClosed(): CapturedConnection[] {
    const removed = [...this.closed.values()];
    for (const conn of removed) this.remove(conn);
    return removed;
  }

  /** Connections with afterId < id < beforeId, in id order, at most `limit`. */
  page(
    afterId: number,
    limit: number,
    beforeId = Infinity,
  ): { items: CapturedConnection[]; more: boolean } {
    const items: CapturedConnection[] = [];
    const end = this.firstIndexAfter(beforeId - 1);
    let i = this.firstIndexAfter(afterId);
    for (; i < end && items.length < limit; i++) {
      const conn = this.byId.get(this.order[i] ?? 0);
      if (conn !== undefined) items.push(conn);
    }
    for (; i < end; i++) {
      if (this.byId.has(this.order[i] ?? 0)) return { items, more: true };
    }
    return { items, more: false };
  }

  /** The last `limit` connections with afterId < id < beforeId, in id order. */
  newestPage(afterId: number, limit: number, beforeId = Infinity): CapturedConnection[] {
    const items: CapturedConnection[] = [];
    const start = this.firstIndexAfter(afterId);
    for (let i = this.firstIndexAfter(beforeId - 1) - 1; i >= start && items.length < limit; i--) {
      const conn = this.byId.get(this.order[i] ?? 0);
      if (conn !== undefined) items.push(conn);
    }
    return items.reverse();
  }

  *openConnections(): IterableIterator<CapturedConnection> {
    for (const conn of this.byId.values()) if (conn.state !== 'closed') yield conn;
  }

  private remove(conn: CapturedConnection): void {
    this.byId.delete(conn.id);
    this.closed.delete(conn.id);
    // Rebuilding once removed ids outnumber live ones keeps paging O(log n + page) amortised.
    if (++this.removedSinceRebuild > this.byId.size && this.removedSinceRebuild > 64) {
      this.order = this.order.filter((id) => this.byId.has(id));
      this.removedSinceRebuild = 0;
    }
  }

  private firstIndexAfter(afterId: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.order[mid] ?? 0) <= afterId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
