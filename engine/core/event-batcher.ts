// Collects what changed and emits one EventBatch per frame.
//
// The socket hot path only marks a connection dirty (once per frame, see TcpConnection);
// snapshots are built here at flush time, so a connection that read 10,000 times in a frame costs
// one snapshot and one entry in one message. No timer runs while nothing changes.

import type { BatchListener } from '../../shared/contract';
import type { ConnectionInfo, EngineStats, EventBatch, ListenerInfo } from '../../shared/model';

export const DEFAULT_BATCH_INTERVAL_MS = 33;

export interface Snapshots<K, T> {
  readonly id: K;
  snapshot(): T;
}

export class EventBatcher {
  private readonly listeners = new Map<string, Snapshots<string, ListenerInfo>>();
  private readonly connections = new Map<number, Snapshots<number, ConnectionInfo>>();
  private removedConnections: number[] = [];
  private removedListeners: string[] = [];
  private cleared = false;
  private statsChanged = false;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private closed = false;
  private readonly subscribers = new Set<BatchListener>();

  constructor(
    private readonly intervalMs: number,
    private readonly stats: () => EngineStats,
    private readonly onSubscriberError: (error: unknown) => void = (error) =>
      console.error('porthole: batch subscriber failed', error),
  ) {}

  subscribe(listener: BatchListener): () => void {
    this.subscribers.add(listener);
    return () => {
      this.subscribers.delete(listener);
    };
  }

  listenerChanged(listener: Snapshots<string, ListenerInfo>): void {
    this.listeners.set(listener.id, listener);
    this.schedule();
  }

  listenerRemoved(id: string): void {
    this.listeners.delete(id);
    this.removedListeners.push(id);
    this.schedule();
  }

  connectionChanged(conn: Snapshots<number, ConnectionInfo>): void {
    this.connections.set(conn.id, conn);
    this.schedule();
  }

  /** Evicted connections: their pending snapshots are not sent, their ids are. */
  connectionRemoved(id: number): void {
    this.connections.delete(id);
    this.removedConnections.push(id);
    this.schedule();
  }

  /**
   * History was cleared: the batch says `cleared` instead of listing every id. Ids are still
   * listed for removed connections that had an unsent change this frame, because the renderer may
   * not know yet that they closed (it drops only the closed connections it knows of).
   */
  historyCleared(removedIds: Iterable<number>): void {
    for (const id of removedIds) {
      if (this.connections.delete(id)) this.removedConnections.push(id);
    }
    this.cleared = true;
    this.schedule();
  }

  /** Only the stats changed (e.g. new limits): still worth a batch. */
  touch(): void {
    this.statsChanged = true;
    this.schedule();
  }

  /** Emit everything pending now, if anything is. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.pending()) return;
    const listeners = [...this.listeners.values()].map((l) => l.snapshot());
    const connections = [...this.connections.values()].map((c) => c.snapshot());
    const batch: EventBatch = {
      seq: ++this.seq,
      listeners,
      connections,
      removedConnections: this.removedConnections,
      removedListeners: this.removedListeners,
      cleared: this.cleared,
      stats: this.stats(),
    };
    this.listeners.clear();
    this.connections.clear();
    this.removedConnections = [];
    this.removedListeners = [];
    this.cleared = false;
    this.statsChanged = false;
    for (const subscriber of [...this.subscribers]) {
      try {
        subscriber(batch);
      } catch (error) {
        // One broken subscriber (a closed window, a dead WebSocket) must not starve the others.
        this.onSubscriberError(error);
      }
    }
  }

  /** Flush what is pending and stop scheduling; later changes are ignored. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private pending(): boolean {
    return (
      this.listeners.size > 0 ||
      this.connections.size > 0 ||
      this.removedConnections.length > 0 ||
      this.removedListeners.length > 0 ||
      this.cleared ||
      this.statsChanged
    );
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    // A pending frame must not keep a finished process alive; engine.close() flushes it.
    this.timer.unref();
  }
}
