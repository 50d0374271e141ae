// The browser-mode transport: contract calls in, result envelopes and event batches out, over
// one WebSocket per tab. Every call goes through dispatchCommand, the same guard as Electron IPC.
//
// Memory stays bounded whatever a client does:
// - frames above maxPayload are refused by ws itself (close 1009);
// - every call goes into a per-socket queue first. Calls leave it only while fewer than
//   maxInFlight run and the socket's send buffer is below pauseReadBytes; the queue is drained
//   again when a call completes and whenever a frame reaches the OS. Pausing the socket alone is
//   not enough: ws still delivers every frame it already read, and one TCP write can hold
//   hundreds of small calls, each asking for a 1 MiB answer;
// - a socket whose queue would pass maxQueuedCalls calls (or maxQueuedBytes of frames) is closed
//   with 1008: a client that keeps sending without reading answers is not served further;
// - while anything is queued, maxInFlight calls run, or the send buffer is above
//   pauseReadBytes, we stop reading from the socket (TCP backpressure reaches the client);
// - a client with more than slowClientBytes of batches not yet handed to the OS when a batch is
//   due is not sent that batch or any later one: its connection is reset at once, which drops
//   its backlog. Only batches count: answers to its own calls are bounded by the call rules
//   above (a greedy client that pipelines reads is not a stalled one). Batches are
//   deltas, so a skipped one cannot be silently dropped; the renderer reconnects on any close
//   and re-lists everything, which is the resync.
//
// Why a reset and not a close frame (this used to send 4000, "resync"): a close frame queues
// behind the whole backlog. Measured with a tab held in the debugger for 30 s under 5,000
// events/s (bench/stalled-ui.ts): the server kept the 16 MiB backlog until ws's 30 s close
// timeout, and the tab, once back, spent 7–15 s parsing batches it was about to throw away,
// showing "Engine connected" over stale figures, before the close (or that timeout) let it
// re-list. A reset frees the backlog the moment the client falls behind, and a tab that comes
// back reconnects and has re-listed within 1–2.5 s.

import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  dispatchCommand,
  type HostHandlers,
  wireCallSchema,
  type WireServerMessage,
} from '../shared/contract';
import type { EventBatch } from '../shared/model';
import type { Engine } from '../engine';

const CLOSE_GOING_AWAY = 1001;
const CLOSE_UNSUPPORTED = 1003;
const CLOSE_INVALID_PAYLOAD = 1007;
const CLOSE_POLICY = 1008;

export interface TransportLimits {
  readonly maxPayload: number;
  readonly maxClients: number;
  readonly maxInFlight: number;
  /** Calls waiting to run on one socket; one more closes it with 1008. */
  readonly maxQueuedCalls: number;
  /** Frame bytes of those waiting calls; more closes the socket with 1008. */
  readonly maxQueuedBytes: number;
  readonly pauseReadBytes: number;
  readonly resumeReadBytes: number;
  readonly slowClientBytes: number;
}

export const DEFAULT_TRANSPORT_LIMITS: TransportLimits = {
  maxPayload: 1024 * 1024,
  maxClients: 16,
  maxInFlight: 16,
  maxQueuedCalls: 256,
  maxQueuedBytes: 4 * 1024 * 1024,
  pauseReadBytes: 4 * 1024 * 1024,
  resumeReadBytes: 1024 * 1024,
  slowClientBytes: 16 * 1024 * 1024,
};

export interface TransportStats {
  /** Open sockets (tabs). */
  readonly clients: number;
  /** Sockets reset because they fell more than slowClientBytes behind, since start. */
  readonly resyncs: number;
  /** Sockets closed with 1008 because their call queue overflowed, since start. */
  readonly overflows: number;
  /** Calls waiting / running now, over all sockets. */
  readonly queued: number;
  readonly inFlight: number;
  /** Most calls ever waiting / running at once on one socket, since start. */
  readonly peakQueued: number;
  readonly peakInFlight: number;
}

export interface WebSocketTransport {
  readonly stats: () => TransportStats;
  /** Called after any counter changes (for tests and logs); returns an unsubscribe. */
  readonly onStatsChange: (listener: (stats: TransportStats) => void) => () => void;
  readonly acceptsMoreClients: () => boolean;
  /** Call only after the request passed every guard. */
  readonly handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  readonly close: () => Promise<void>;
}

interface QueuedCall {
  readonly id: number;
  readonly name: string;
  readonly args: unknown;
  readonly bytes: number;
}

interface Client {
  readonly ws: WebSocket;
  /** The TCP socket under ws, to reset it (a Duplex that is not a net.Socket is terminated). */
  readonly socket: Duplex;
  readonly queue: QueuedCall[];
  queuedBytes: number;
  inFlight: number;
  /** Bytes of batches sent to ws and not yet written to the OS: how far behind the tab is. */
  batchBytesWaiting: number;
  /** Set once we close the socket: nothing more is run or sent. */
  closing: boolean;
}

export interface TransportOptions {
  readonly engine: Engine;
  /** The commands browser mode answers itself (export and import addresses). */
  readonly host: HostHandlers;
  readonly limits?: Partial<TransportLimits>;
  readonly log?: (message: string, error?: unknown) => void;
}

export function createWebSocketTransport(options: TransportOptions): WebSocketTransport {
  const limits = { ...DEFAULT_TRANSPORT_LIMITS, ...options.limits };
  const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  const { engine } = options;
  const handlers = { ...engine.handlers, ...options.host };
  const clients = new Set<Client>();
  const statsListeners = new Set<(stats: TransportStats) => void>();
  let resyncs = 0;
  let overflows = 0;
  let peakQueued = 0;
  let peakInFlight = 0;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayload,
    perMessageDeflate: false,
    clientTracking: false,
  });

  function stats(): TransportStats {
    let queued = 0;
    let inFlight = 0;
    for (const client of clients) {
      queued += client.queue.length;
      inFlight += client.inFlight;
    }
    return {
      clients: clients.size,
      resyncs,
      overflows,
      queued,
      inFlight,
      peakQueued,
      peakInFlight,
    };
  }

  function statsChanged(): void {
    if (statsListeners.size === 0) return;
    const snapshot = stats();
    for (const listener of statsListeners) {
      try {
        listener(snapshot);
      } catch (error) {
        log('Porthole: a stats listener failed:', error);
      }
    }
  }

  /** Stops serving a socket: its queue is dropped and answers still running are not sent. */
  function closeClient(client: Client, code: number, reason: string): void {
    client.closing = true;
    client.queue.length = 0;
    client.queuedBytes = 0;
    client.ws.close(code, reason);
    // Keep reading (frames are ignored from now on) so the client's close frame can arrive.
    if (client.ws.isPaused) client.ws.resume();
  }

  /**
   * Cuts off a client that fell too far behind: everything it was still owed is dropped, here
   * (ws's send buffer) and in the kernel (a reset discards the unsent bytes a FIN would still
   * deliver). The client sees its socket close (1006) and reconnects, then re-lists.
   */
  function resetClient(client: Client): void {
    client.closing = true;
    client.queue.length = 0;
    client.queuedBytes = 0;
    resyncs += 1;
    const behind = client.ws.bufferedAmount;
    if (client.socket instanceof Socket) client.socket.resetAndDestroy();
    else client.ws.terminate();
    log(
      `Porthole: a browser tab fell ${(behind / 1024 / 1024).toFixed(0)} MiB behind (it stopped reading); it was cut off and re-lists when it reconnects.`,
    );
  }

  function updateFlow(client: Client): void {
    const { ws } = client;
    if (client.closing || ws.readyState !== WebSocket.OPEN) return;
    const buffered = ws.bufferedAmount;
    const mustPause =
      client.queue.length > 0 ||
      client.inFlight >= limits.maxInFlight ||
      buffered > limits.pauseReadBytes;
    if (mustPause) {
      if (!ws.isPaused) ws.pause();
    } else if (ws.isPaused && buffered <= limits.resumeReadBytes) {
      ws.resume();
    }
  }

  /** Runs queued calls while the socket has room, then decides whether to keep reading. */
  function drain(client: Client): void {
    const { ws } = client;
    while (
      !client.closing &&
      ws.readyState === WebSocket.OPEN &&
      client.queue.length > 0 &&
      client.inFlight < limits.maxInFlight &&
      ws.bufferedAmount < limits.pauseReadBytes
    ) {
      const call = client.queue.shift();
      if (call === undefined) break;
      client.queuedBytes -= call.bytes;
      void run(client, call);
    }
    updateFlow(client);
  }

  function send(client: Client, text: string): void {
    if (client.closing || client.ws.readyState !== WebSocket.OPEN) return;
    // The callback runs once this frame reached the OS: the moment to re-check the buffer.
    client.ws.send(text, () => drain(client));
  }

  async function run(client: Client, call: QueuedCall): Promise<void> {
    const { id, name, args } = call;
    // Synchronous up to the first await, so drain() sees the new count at once.
    client.inFlight += 1;
    peakInFlight = Math.max(peakInFlight, client.inFlight);
    try {
      const result = await dispatchCommand(handlers, name, args, (error) =>
        log(`Porthole: command ${name} failed inside the engine:`, error),
      );
      const message: WireServerMessage = { type: 'result', id, result };
      send(client, JSON.stringify(message));
    } catch (error) {
      // dispatchCommand returns envelopes; this only catches serialisation surprises.
      log(`Porthole: could not answer ${name}:`, error);
    } finally {
      client.inFlight -= 1;
      drain(client);
      statsChanged();
    }
  }

  function onMessage(client: Client, data: RawData, isBinary: boolean): void {
    // ws still delivers frames it had read before we closed: they are not served.
    if (client.closing) return;
    if (isBinary) {
      closeClient(client, CLOSE_UNSUPPORTED, 'Text frames only');
      return;
    }
    const text = rawText(data);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      closeClient(client, CLOSE_INVALID_PAYLOAD, 'Malformed JSON');
      return;
    }
    const call = wireCallSchema.safeParse(json);
    if (!call.success) {
      closeClient(client, CLOSE_POLICY, 'Not a Porthole call');
      return;
    }
    const bytes = Buffer.byteLength(text);
    if (
      client.queue.length >= limits.maxQueuedCalls ||
      client.queuedBytes + bytes > limits.maxQueuedBytes
    ) {
      overflows += 1;
      closeClient(client, CLOSE_POLICY, 'Too many calls waiting: read the answers first');
      statsChanged();
      return;
    }
    const { id, name, args } = call.data;
    client.queue.push({ id, name, args, bytes });
    client.queuedBytes += bytes;
    peakQueued = Math.max(peakQueued, client.queue.length);
    drain(client);
    statsChanged();
  }

  function attach(ws: WebSocket, socket: Duplex): void {
    const client: Client = {
      ws,
      socket,
      queue: [],
      queuedBytes: 0,
      inFlight: 0,
      batchBytesWaiting: 0,
      closing: false,
    };
    clients.add(client);
    ws.on('message', (data, isBinary) => onMessage(client, data, isBinary));
    // Oversized frames and protocol errors arrive here; ws then closes the socket itself.
    ws.on('error', () => undefined);
    ws.on('close', () => {
      client.closing = true;
      client.queue.length = 0;
      client.queuedBytes = 0;
      clients.delete(client);
      statsChanged();
    });
    statsChanged();
  }

  function broadcast(batch: EventBatch): void {
    if (clients.size === 0) return;
    // Serialised once, whatever the number of tabs.
    const message: WireServerMessage = { type: 'batch', batch };
    const text = JSON.stringify(message);
    const bytes = Buffer.byteLength(text);
    let changed = false;
    for (const client of clients) {
      if (client.closing || client.ws.readyState !== WebSocket.OPEN) continue;
      if (client.batchBytesWaiting > limits.slowClientBytes) {
        changed = true;
        resetClient(client);
        continue;
      }
      client.batchBytesWaiting += bytes;
      client.ws.send(text, () => {
        client.batchBytesWaiting -= bytes;
        drain(client);
      });
    }
    if (changed) statsChanged();
  }

  const unsubscribe = engine.onBatch(broadcast);

  return {
    stats,
    onStatsChange(listener) {
      statsListeners.add(listener);
      return () => {
        statsListeners.delete(listener);
      };
    },
    acceptsMoreClients: () => clients.size < limits.maxClients,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, socket));
    },
    async close() {
      unsubscribe();
      const closed = [...clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.ws.readyState === WebSocket.CLOSED) return resolve();
            client.ws.once('close', () => resolve());
            closeClient(client, CLOSE_GOING_AWAY, 'Porthole is shutting down');
          }),
      );
      // A client that does not answer the close handshake is not allowed to hold up shutdown.
      await withTimeout(Promise.all(closed), 1000);
      for (const client of clients) client.ws.terminate();
      clients.clear();
      statsListeners.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
