// The browser-mode transport: contract calls in, result envelopes and event batches out, over
// one WebSocket per tab. Every call goes through dispatchCommand, the same guard as Electron IPC.
//
// Memory stays bounded whatever a client does:
// - frames above maxPayload are refused by ws itself (close 1009);
// - at most maxInFlight calls run per socket; beyond that, or while the socket's send buffer is
//   above pauseReadBytes, we stop reading from it (TCP backpressure reaches the client);
// - a client whose send buffer is above slowClientBytes when a batch is due is not sent that
//   batch or any later one: it is closed with code 4000 ("resync"). Batches are deltas, so a
//   skipped one cannot be silently dropped; the renderer re-lists everything on reconnect, which
//   is the resync. Closing also stops its buffer from growing.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  dispatchCommand,
  wireCallSchema,
  WS_CLOSE_RESYNC,
  type WireServerMessage,
} from '../../shared/contract';
import type { EventBatch } from '../../shared/model';
import type { Engine } from '../capture/engine-api';

const CLOSE_GOING_AWAY = 1001;
const CLOSE_UNSUPPORTED = 1003;
const CLOSE_INVALID_PAYLOAD = 1007;
const CLOSE_POLICY = 1008;

export interface TransportLimits {
  readonly maxPayload: number;
  readonly maxClients: number;
  readonly maxInFlight: number;
  readonly pauseReadBytes: number;
  readonly resumeReadBytes: number;
  readonly slowClientBytes: number;
}

export const DEFAULT_TRANSPORT_LIMITS: TransportLimits = {
  maxPayload: 1024 * 1024,
  maxClients: 16,
  maxInFlight: 16,
  pauseReadBytes: 4 * 1024 * 1024,
  resumeReadBytes: 1024 * 1024,
  slowClientBytes: 16 * 1024 * 1024,
};

export interface TransportStats {
  /** Open sockets (tabs). */
  readonly clients: number;
  /** Sockets closed with WS_CLOSE_RESYNC because they fell behind, since start. */
  readonly resyncs: number;
}

export interface WebSocketTransport {
  readonly stats: () => TransportStats;
  readonly acceptsMoreClients: () => boolean;
  /** Call only after the request passed every guard. */
  readonly handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  readonly close: () => Promise<void>;
}

interface Client {
  readonly ws: WebSocket;
  inFlight: number;
  resyncing: boolean;
}

export interface TransportOptions {
  readonly engine: Engine;
  readonly limits?: Partial<TransportLimits>;
  readonly log?: (message: string, error?: unknown) => void;
}

export function createWebSocketTransport(options: TransportOptions): WebSocketTransport {
  const limits = { ...DEFAULT_TRANSPORT_LIMITS, ...options.limits };
  const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  const { engine } = options;
  const clients = new Set<Client>();
  let resyncs = 0;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayload,
    perMessageDeflate: false,
    clientTracking: false,
  });

  function updateFlow(client: Client): void {
    const { ws } = client;
    if (ws.readyState !== WebSocket.OPEN) return;
    const buffered = ws.bufferedAmount;
    const mustPause = client.inFlight >= limits.maxInFlight || buffered > limits.pauseReadBytes;
    if (mustPause) {
      if (!ws.isPaused) ws.pause();
    } else if (ws.isPaused && buffered <= limits.resumeReadBytes) {
      ws.resume();
    }
  }

  function send(client: Client, text: string): void {
    if (client.ws.readyState !== WebSocket.OPEN) return;
    // The callback runs once this frame reached the OS: the moment to re-check the buffer.
    client.ws.send(text, () => updateFlow(client));
  }

  async function onMessage(client: Client, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      client.ws.close(CLOSE_UNSUPPORTED, 'Text frames only');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      client.ws.close(CLOSE_INVALID_PAYLOAD, 'Malformed JSON');
      return;
    }
    const call = wireCallSchema.safeParse(json);
    if (!call.success) {
      client.ws.close(CLOSE_POLICY, 'Not a Porthole call');
      return;
    }
    const { id, name, args } = call.data;
    client.inFlight += 1;
    updateFlow(client);
    try {
      const result = await dispatchCommand(engine.handlers, name, args, (error) =>
        log(`Porthole: command ${name} failed inside the engine:`, error),
      );
      const message: WireServerMessage = { type: 'result', id, result };
      send(client, JSON.stringify(message));
    } catch (error) {
      // dispatchCommand returns envelopes; this only catches serialisation surprises.
      log(`Porthole: could not answer ${name}:`, error);
    } finally {
      client.inFlight -= 1;
      updateFlow(client);
    }
  }

  function attach(ws: WebSocket): void {
    const client: Client = { ws, inFlight: 0, resyncing: false };
    clients.add(client);
    ws.on('message', (data, isBinary) => void onMessage(client, data, isBinary));
    // Oversized frames and protocol errors arrive here; ws then closes the socket itself.
    ws.on('error', () => undefined);
    ws.on('close', () => clients.delete(client));
  }

  function broadcast(batch: EventBatch): void {
    if (clients.size === 0) return;
    // Serialised once, whatever the number of tabs.
    const message: WireServerMessage = { type: 'batch', batch };
    const text = JSON.stringify(message);
    for (const client of clients) {
      if (client.resyncing || client.ws.readyState !== WebSocket.OPEN) continue;
      if (client.ws.bufferedAmount > limits.slowClientBytes) {
        client.resyncing = true;
        resyncs += 1;
        client.ws.close(WS_CLOSE_RESYNC, 'Too slow: reconnect to resync');
        continue;
      }
      send(client, text);
    }
  }

  const unsubscribe = engine.onBatch(broadcast);

  return {
    stats: () => ({ clients: clients.size, resyncs }),
    acceptsMoreClients: () => clients.size < limits.maxClients,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, attach);
    },
    async close() {
      unsubscribe();
      const closed = [...clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.ws.readyState === WebSocket.CLOSED) return resolve();
            client.ws.once('close', () => resolve());
            client.ws.close(CLOSE_GOING_AWAY, 'Porthole is shutting down');
          }),
      );
      // A client that does not answer the close handshake is not allowed to hold up shutdown.
      await withTimeout(Promise.all(closed), 1000);
      for (const client of clients) client.ws.terminate();
      clients.clear();
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
