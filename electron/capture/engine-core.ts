// The engine's state and the rules that tie its parts together: ids, history limits, stats and
// change notification. Commands are mapped onto it in command-handlers.ts.

import type { Socket } from 'node:net';
import type { CaptureLimits, EngineStats, ListenHost } from '../../shared/model';
import { captureBehaviour, type Behaviour } from './behaviour';
import { CaptureTotals } from './capture-totals';
import { ConnectionHistory } from './connection-history';
import { DEFAULT_MAX_CHUNK_RECORDS } from './connection-recorder';
import { DEFAULT_BATCH_INTERVAL_MS, EventBatcher } from './event-batcher';
import { PortListener } from './port-listener';
import { RecordedConnection } from './recorded-connection';

/** Knobs beyond the public EngineOptions, for tests and future behaviours. */
export interface EngineInternals {
  readonly limits?: Partial<CaptureLimits>;
  readonly batchIntervalMs?: number;
  /** What new listeners do with connections (default: capture). */
  readonly behaviour?: Behaviour;
  /** Chunk records kept per connection before reads are folded together. */
  readonly maxChunkRecords?: number;
}

export class EngineCore {
  readonly totals: CaptureTotals;
  readonly history = new ConnectionHistory();
  readonly listeners = new Map<string, PortListener>();
  readonly batcher: EventBatcher;
  private readonly behaviour: Behaviour;
  private readonly maxChunkRecords: number;
  private nextListenerId = 1;
  private nextConnectionId = 1;
  private connectionsOpen = 0;
  private connectionsEvicted = 0;
  /** Set by close(): no new listeners after shutdown began, or they would outlive the engine. */
  closed = false;

  constructor(options: EngineInternals = {}) {
    this.totals = new CaptureTotals(options.limits);
    this.behaviour = options.behaviour ?? captureBehaviour;
    this.maxChunkRecords = options.maxChunkRecords ?? DEFAULT_MAX_CHUNK_RECORDS;
    this.batcher = new EventBatcher(options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS, () =>
      this.stats(),
    );
  }

  createListener(host: ListenHost, port: number): PortListener {
    const listener = new PortListener({
      id: `l${this.nextListenerId++}`,
      host,
      requestedPort: port,
      behaviour: this.behaviour,
      hooks: {
        accept: (socket, l) => this.accept(socket, l),
        changed: (l) => this.batcher.listenerChanged(l),
      },
    });
    this.listeners.set(listener.id, listener);
    return listener;
  }

  /**
   * Our listener for this address (bound port, or the port asked for if it never bound). A live
   * one wins over a closed or failed entry that happens to remember the same port.
   */
  findListener(host: ListenHost, port: number): PortListener | undefined {
    let inactive: PortListener | undefined;
    for (const listener of this.listeners.values()) {
      if (listener.host !== host || (listener.port ?? listener.requestedPort) !== port) continue;
      if (listener.state !== 'closed' && listener.state !== 'failed') return listener;
      inactive ??= listener;
    }
    return inactive;
  }

  removeListener(listener: PortListener): void {
    this.listeners.delete(listener.id);
    this.batcher.listenerRemoved(listener.id);
  }

  /** Forget every closed connection; open ones stay. */
  clearHistory(): void {
    const removed = this.history.removeAllClosed();
    for (const conn of removed) conn.recorder.release();
    this.batcher.historyCleared(removed.map((conn) => conn.id));
  }

  setLimits(patch: Partial<CaptureLimits>): CaptureLimits {
    const limits = this.totals.setLimits(patch);
    this.enforceHistoryLimit();
    this.batcher.touch();
    return limits;
  }

  stats(): EngineStats {
    let listenersOpen = 0;
    for (const listener of this.listeners.values()) if (listener.state === 'open') listenersOpen++;
    const t = this.totals;
    return {
      listenersOpen,
      connectionsOpen: this.connectionsOpen,
      connectionsTotal: this.nextConnectionId - 1,
      connectionsEvicted: this.connectionsEvicted,
      bytesReceived: t.bytesReceived,
      bytesCaptured: t.bytesCaptured,
      bytesDropped: t.bytesDropped,
      overheadBytes: t.overheadBytes,
      truncatedConnections: t.truncatedConnections,
      limits: t.limits,
    };
  }

  /** Close every listener (and so every connection), then send the last batch. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.listeners.values()].map((listener) => listener.close()));
    this.batcher.close();
  }

  private accept(socket: Socket, listener: PortListener): RecordedConnection {
    const conn = new RecordedConnection({
      id: this.nextConnectionId++,
      socket,
      listener,
      listenerFamily: listener.family,
      behaviour: listener.behaviour,
      totals: this.totals,
      maxChunkRecords: this.maxChunkRecords,
      hooks: {
        changed: (c) => this.connectionChanged(c),
        closed: (c) => this.connectionClosed(c),
      },
    });
    this.connectionsOpen++;
    this.history.add(conn);
    // Its bookkeeping is charged on arrival; make room by forgetting old history, not by
    // starving the new connection of capture.
    this.enforceHistoryLimit();
    return conn;
  }

  /** Runs once per frame per busy connection (not per read): its listener's figures moved too. */
  private connectionChanged(conn: RecordedConnection): void {
    this.batcher.connectionChanged(conn);
    const listener = this.listeners.get(conn.listenerId);
    if (listener !== undefined) this.batcher.listenerChanged(listener);
  }

  private connectionClosed(conn: RecordedConnection): void {
    this.connectionsOpen--;
    this.history.markClosed(conn);
    this.enforceHistoryLimit();
  }

  /**
   * Keep at most maxConnections closed connections, and never let their bookkeeping overdraw
   * the total budget (bookkeeping is charged whether or not there is room, so without this a
   * long history of small connections would leave new ones nothing to capture with). The
   * longest-closed go first; open connections are never forgotten.
   */
  private enforceHistoryLimit(): void {
    const t = this.totals;
    const overdrawn = () => t.bytesCaptured + t.overheadBytes > t.limits.totalBytes;
    while (this.history.closedCount > t.limits.maxConnections || overdrawn()) {
      const evicted = this.history.evictOldestClosed();
      if (evicted === undefined) break;
      evicted.recorder.release();
      this.connectionsEvicted++;
      this.batcher.connectionRemoved(evicted.id);
    }
  }
}
