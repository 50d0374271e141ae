// The engine's state and the rules that tie its parts together: ids, history limits, stats and
// change notification. Commands are mapped onto it in command-handlers.ts.

import {
  CAPTURE,
  NO_FAULTS,
  type BehaviourConfig,
  type FaultConfig,
} from '../../shared/behaviours';
import type { CaptureLimits, EngineStats, ListenHost, Protocol } from '../../shared/model';
import { CaptureTotals } from './capture-totals';
import type { EngineOptions } from './engine-api';
import { createPortBehaviour } from './port-behaviour';
import { CaptureManager } from '../persist/capture-manager';
import { TransferJobs } from '../transfer/transfer-jobs';
import { now } from './clock';
import { ConnectionHistory } from './connection-history';
import { DEFAULT_MAX_CHUNK_RECORDS } from '../recording/connection-recorder';
import type { CapturedConnection, EngineListener, ListenerContext } from './engine-types';
import { DEFAULT_BATCH_INTERVAL_MS, EventBatcher } from './event-batcher';
import { hostsOverlap } from '../net/listen-addresses';
import { TcpListener } from '../tcp/tcp-listener';
import { UdpListener } from '../udp/udp-listener';
import { createClientProcessResolver, type ClientProcessResolver } from '../port-holder';

export interface ListenerRequest {
  readonly protocol: Protocol;
  readonly host: ListenHost;
  readonly port: number;
  readonly behaviour?: BehaviourConfig;
  readonly faults?: FaultConfig;
}

export class EngineCore {
  readonly totals: CaptureTotals;
  readonly history = new ConnectionHistory();
  readonly listeners = new Map<string, EngineListener>();
  readonly batcher: EventBatcher;
  readonly context: ListenerContext;
  private nextListenerId = 1;
  private nextConnectionId = 1;
  private connectionsOpen = 0;
  private connectionsEvicted = 0;
  /**
   * Closed connections whose bytes are still in memory, longest-closed first: the ones memory
   * lets go of first when the total cap needs room (their bytes are then read from the file).
   */
  private readonly warm = new Set<CapturedConnection>();
  /** When letting go last freed nothing: not tried again at once on every read. */
  private lastFruitlessSpill = -Infinity;
  /** Captures on disk; null when Porthole has no data folder (memory only). */
  readonly captures: CaptureManager | null = null;
  /** Set by close(): no new listeners after shutdown began, or they would outlive the engine. */
  closed = false;
  /** Exports and imports running now (and just ended), as the stats show them. */
  readonly transfers: TransferJobs;
  /** Porthole's version, for what it writes (capture files, HAR's creator). */
  readonly version: string;
  /** Names each accepted connection's program, in batches, off the capture path. */
  private readonly clients: ClientProcessResolver | null;
  /** What command handlers asked to stop when the engine closes (compare workers, say). */
  private readonly onCloseStops: (() => void)[] = [];

  constructor(options: EngineOptions = {}) {
    this.totals = new CaptureTotals(options.limits);
    this.batcher = new EventBatcher(options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS, () =>
      this.stats(),
    );
    this.transfers = new TransferJobs(() => this.batcher.touch(), now);
    this.version = options.version ?? '';
    this.clients = options.nameClients === false ? null : createClientProcessResolver();
    if (options.persist !== undefined) {
      const captures = new CaptureManager({
        options: options.persist,
        version: options.version ?? '',
        // What is on disk, and a disk that stops taking the capture, show in the next batch.
        onChange: () => this.batcher.touch(),
        nextConnectionId: () => this.nextConnectionId,
        whenOpenConnectionsClosed: (holds) => this.whenOpenConnectionsClosed(holds),
        listeners: () => [...this.listeners.values()].map((l) => l.snapshot()),
        now,
      });
      this.batcher.subscribe(captures.onBatch);
      this.captures = captures;
      this.totals.makeRoom = (bytes) => this.spill(bytes);
    }
    const captures = this.captures;
    this.context = {
      totals: this.totals,
      maxChunkRecords: options.maxChunkRecords ?? DEFAULT_MAX_CHUNK_RECORDS,
      nextConnectionId: () => this.nextConnectionId++,
      added: (conn) => this.connectionAdded(conn),
      connectionHooks: {
        changed: (conn) => this.connectionChanged(conn),
        closed: (conn) => this.connectionClosed(conn),
      },
      listenerChanged: (listener) => this.batcher.listenerChanged(listener),
      // Mocks find the recording they answer like in this engine's history.
      createBehaviour: (config) =>
        (options.createBehaviour ?? createPortBehaviour)(config, (id) => this.history.get(id)),
      // Read per connection: a new capture takes new connections, open ones keep theirs.
      get chunkSink() {
        return captures?.sink ?? null;
      },
    };
  }

  createListener(request: ListenerRequest): EngineListener {
    const setup = {
      id: `l${this.nextListenerId++}`,
      host: request.host,
      requestedPort: request.port,
      behaviour: request.behaviour ?? CAPTURE,
      faults: request.faults ?? NO_FAULTS,
      context: this.context,
    };
    const listener = request.protocol === 'udp' ? new UdpListener(setup) : new TcpListener(setup);
    this.listeners.set(listener.id, listener);
    return listener;
  }

  /**
   * Our listener that has (or would have) this port on an overlapping address: bound port, or
   * the port asked for if it never bound. A live one wins over a closed or failed entry that
   * happens to remember the same port; an exact host match wins over an overlapping one.
   */
  findListener(protocol: Protocol, host: ListenHost, port: number): EngineListener | undefined {
    let best: EngineListener | undefined;
    const rank = (l: EngineListener) =>
      (l.state !== 'closed' && l.state !== 'failed' ? 2 : 0) + (l.host === host ? 1 : 0);
    for (const listener of this.listeners.values()) {
      if (listener.protocol !== protocol) continue;
      if ((listener.port ?? listener.requestedPort) !== port) continue;
      if (!hostsOverlap(listener.host, host)) continue;
      if (best === undefined || rank(listener) > rank(best)) best = listener;
    }
    return best;
  }

  removeListener(listener: EngineListener): void {
    this.listeners.delete(listener.id);
    this.batcher.listenerRemoved(listener.id);
  }

  /** Forget every closed connection; open ones stay. */
  clearHistory(): void {
    const removed = this.history.removeAllClosed();
    for (const conn of removed) {
      conn.recorder.release();
      this.warm.delete(conn);
    }
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
      bytesOut: t.bytesOut,
      bytesCaptured: t.bytesCaptured,
      bytesInMemory: t.bytesInMemory,
      bytesDropped: t.bytesDropped,
      overheadBytes: t.overheadBytes,
      truncatedConnections: t.truncatedConnections,
      limits: t.limits,
      persistence: this.captures?.stats() ?? null,
      transfers: this.transfers.list(),
    };
  }

  /** Run `stop` when the engine closes: for work that belongs to no listener or connection. */
  onClose(stop: () => void): void {
    this.onCloseStops.push(stop);
  }

  /** Close every listener (and so every connection), then send the last batch. */
  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.onCloseStops) stop();
    this.transfers.cancelAll();
    this.clients?.close();
    await Promise.all([...this.listeners.values()].map((listener) => listener.close()));
    // Replays belong to no listener: they end here.
    await Promise.all(
      [...this.history.openConnections()].map((conn) => conn.requestClose('closed-by-user')),
    );
    // The last batch carries every connection's final state: the capture file gets it too.
    this.batcher.close();
    await this.captures?.close();
  }

  /**
   * End the running capture and begin the next (ports stay open). Closed connections leave the
   * live view: they belong to the capture that ended, where they can be opened.
   */
  newCapture(): void {
    this.captures?.rotate();
    this.clearHistory();
  }

  private async whenOpenConnectionsClosed(holds: (id: number) => boolean): Promise<void> {
    const open = [...this.history.openConnections()].filter((conn) => holds(conn.id));
    await Promise.all(open.map((conn) => conn.whenClosed()));
  }

  private connectionAdded(conn: CapturedConnection): void {
    this.connectionsOpen++;
    this.history.add(conn);
    this.nameClient(conn);
    // Its bookkeeping is charged on arrival; make room by forgetting old history, not by
    // starving the new connection of capture.
    this.enforceHistoryLimit();
  }

  /**
   * Ask which program opened it, right after accept (short-lived clients exit quickly). The
   * answer arrives later and is dropped if the connection has left history by then.
   */
  private nameClient(conn: CapturedConnection): void {
    if (this.clients === null) return;
    const info = conn.info();
    if (info.replayOf !== null) return;
    void this.clients
      .resolve({
        protocol: info.protocol,
        localAddress: info.localAddress,
        localPort: info.localPort,
        remoteAddress: info.remoteAddress,
        remotePort: info.remotePort,
      })
      .then((client) => {
        if (this.history.get(conn.id) === conn) conn.setClient(client);
      });
  }

  /** Runs once per frame per busy connection (not per read): its listener's figures moved too. */
  private connectionChanged(conn: CapturedConnection): void {
    this.batcher.connectionChanged(conn);
    const listener = this.listeners.get(conn.listenerId);
    if (listener !== undefined) this.batcher.listenerChanged(listener);
  }

  private connectionClosed(conn: CapturedConnection): void {
    this.connectionsOpen--;
    this.history.markClosed(conn);
    if (this.captures !== null) {
      this.captures.connectionClosed(conn.info());
      this.warm.add(conn);
    }
    this.enforceHistoryLimit();
  }

  /**
   * Let go of at least `bytes` of closed connections' bytes in memory, longest-closed first.
   * Only bytes already written to the capture file go; a connection whose bytes are still on
   * their way stays for a later try. On the capture path (`fromCapturePath`) this runs only
   * when the budget is short, and not again within 10 ms of a try that freed nothing.
   */
  private spill(bytes: number, fromCapturePath = true): void {
    const t = this.totals;
    const started = performance.now();
    if (fromCapturePath && started - this.lastFruitlessSpill < 10) return;
    const target = t.bytesInMemory - bytes;
    const before = t.bytesInMemory;
    for (const conn of this.warm) {
      if (t.bytesInMemory <= target) break;
      // Spilled, or never can be: either way not worth another look.
      if (conn.recorder.spill() !== 'later') this.warm.delete(conn);
    }
    if (t.bytesInMemory === before) this.lastFruitlessSpill = started;
  }

  /**
   * Keep at most maxConnections closed connections, and never let their bookkeeping overdraw
   * the total budget (bookkeeping is charged whether or not there is room, so without this a
   * long history of small connections would leave new ones nothing to capture with). The
   * longest-closed go first; open connections are never forgotten.
   */
  private enforceHistoryLimit(): void {
    const t = this.totals;
    const overdrawn = () => t.bytesInMemory + t.overheadBytes > t.limits.totalBytes;
    // Memory is a cache of the capture file: letting go of bytes comes before forgetting.
    if (overdrawn()) this.spill(t.bytesInMemory + t.overheadBytes - t.limits.totalBytes, false);
    while (this.history.closedCount > t.limits.maxConnections || overdrawn()) {
      const evicted = this.history.evictOldestClosed();
      if (evicted === undefined) break;
      evicted.recorder.release();
      this.warm.delete(evicted);
      this.connectionsEvicted++;
      this.batcher.connectionRemoved(evicted.id);
    }
  }
}
