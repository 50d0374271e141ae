// Browser mode: the PortholeApi over one WebSocket. Calls are matched to replies by id; event
// batches are pushed by the server. Every call resolves with a result envelope — a lost socket
// turns pending calls into TRANSPORT_CLOSED errors — and the socket reconnects with backoff.
import {
  type BatchListener,
  type CommandName,
  type CommandResult,
  type PortholeApi,
  type WireCall,
} from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import type { EventBatch } from '../../../shared/model';
import type { BridgeStatusEmitter } from './bridge-status';
import { buildApi, type CommandFunction } from './build-api';
import { asResult, internalFailure, transportClosed } from './failures';
import type { SessionResult } from './session';

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5000;

export interface WsBridgeOptions {
  /** The socket's URL, or why this tab has none (it is not signed in, or Porthole is away). */
  readonly url: () => Promise<string | SessionResult>;
  readonly status: BridgeStatusEmitter;
}

type Resolve = (result: Result<unknown>) => void;

export function createWsBridge({ url, status }: WsBridgeOptions): PortholeApi {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, Resolve>();
  /** Calls made while the socket is still connecting; sent on open. */
  let outbox: string[] = [];
  const batchListeners = new Set<BatchListener>();

  function failPending(): void {
    const waiting = [...pending.values()];
    pending.clear();
    outbox = [];
    for (const resolve of waiting) resolve(transportClosed());
  }

  function scheduleReconnect(delayMs: number): void {
    window.setTimeout(() => void connect(), delayMs);
  }

  function backoff(): number {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
    attempt += 1;
    // Jitter so several tabs do not hammer a restarting server in lockstep.
    return base * (0.75 + Math.random() * 0.5);
  }

  function emitBatch(batch: EventBatch): void {
    for (const listener of batchListeners) {
      try {
        listener(batch);
      } catch (error) {
        console.error('Porthole: batch listener failed', error);
      }
    }
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      console.error('Porthole: ignored a malformed message from the engine');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { type?: unknown; id?: unknown; result?: unknown; batch?: unknown };
    if (m.type === 'result' && typeof m.id === 'number') {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(asResult(m.result));
    } else if (m.type === 'batch' && typeof m.batch === 'object' && m.batch !== null) {
      emitBatch(m.batch as EventBatch);
    }
  }

  async function connect(): Promise<void> {
    const target = await url();
    if (typeof target !== 'string') {
      if (!target.ok && target.retry) {
        status.set('closed');
        scheduleReconnect(backoff());
      } else {
        // Not signed in: waiting will not help, a new link will (the banner says so).
        status.set('signed-out');
      }
      return;
    }
    let ws: WebSocket;
    try {
      ws = new WebSocket(target);
    } catch (error) {
      console.error('Porthole: cannot open the engine socket', error);
      status.set('closed');
      scheduleReconnect(backoff());
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      const queued = outbox;
      outbox = [];
      for (const text of queued) ws.send(text);
      status.set('open');
    };
    ws.onmessage = (event: MessageEvent) => onMessage(event.data);
    ws.onclose = () => {
      if (socket === ws) socket = null;
      failPending();
      status.set('closed');
      // A tab the server cut off for falling behind (server/ws-transport.ts resets its socket,
      // so this is a 1006) comes back here too: the socket had opened, so `attempt` is 0 and
      // the first retry is about 250 ms away; the re-list on open is the resync.
      scheduleReconnect(backoff());
    };
    // An error is always followed by close, which does the work.
    ws.onerror = () => undefined;
  }

  function call(name: string, args: unknown): Promise<Result<unknown>> {
    const ws = socket;
    if (ws === null || ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) {
      return Promise.resolve(transportClosed());
    }
    const id = nextId;
    nextId += 1;
    const message: WireCall = { type: 'call', id, name, args: args ?? {} };
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      return Promise.resolve(internalFailure(error));
    }
    return new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      if (ws.readyState !== WebSocket.OPEN) {
        outbox.push(text);
        return;
      }
      try {
        ws.send(text);
      } catch {
        pending.delete(id);
        resolve(transportClosed());
      }
    });
  }

  // Replies are checked as envelopes (asResult); their values are the engine's to get right.
  const command =
    <K extends CommandName>(name: K): CommandFunction<K> =>
    (args) =>
      call(name, args) as Promise<Result<CommandResult<K>>>;
  const api = buildApi(command, (listener: BatchListener) => {
    batchListeners.add(listener);
    return () => {
      batchListeners.delete(listener);
    };
  });

  status.set('connecting');
  void connect();
  return api;
}
