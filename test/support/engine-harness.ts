// A real engine on real loopback sockets, driven through dispatchCommand exactly as the
// transports drive it, plus helpers that await batches instead of sleeping.

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import {
  dispatchCommand,
  type CommandArgs,
  type CommandName,
  type CommandResult,
} from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type {
  ConnectionInfo,
  EngineStats,
  EventBatch,
  ListenerInfo,
  ListenHost,
} from '../../shared/model';
import { createEngine, type Engine, type EngineOptions } from '../../engine';
import { createPortBehaviour } from '../../engine/core/port-behaviour';
import type { TcpBehaviour } from '../../engine/tcp/tcp-behaviour';

const WAIT_MS = 10_000;

export interface Harness {
  readonly engine: Engine;
  readonly batches: EventBatch[];
  call<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>>;
  /** Call and assert success; returns the value. */
  must<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  open(port?: number, host?: ListenHost): Promise<ListenerInfo>;
  /** Resolves with the first batch (already seen or future) that matches. */
  waitForBatch(match: (batch: EventBatch) => boolean, what?: string): Promise<EventBatch>;
  /** Resolves once connection `id` matches, checking its current state first. */
  waitForConnection(
    id: number,
    match: (conn: ConnectionInfo) => boolean,
    what?: string,
  ): Promise<ConnectionInfo>;
  waitForStats(match: (stats: EngineStats) => boolean, what?: string): Promise<EngineStats>;
  /** Re-evaluates `probe` now and after every batch until it returns a value. */
  waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T>;
  close(): Promise<void>;
}

export interface HarnessOptions extends EngineOptions {
  /** Every TCP port runs this (scripted) behaviour, whatever it is configured with. */
  readonly behaviour?: TcpBehaviour;
}

export function startEngine(options: HarnessOptions = {}): Harness {
  const { behaviour, ...engineOptions } = options;
  const engine = createEngine({
    batchIntervalMs: 5,
    ...engineOptions,
    ...(behaviour === undefined
      ? {}
      : { createBehaviour: (config) => ({ ...createPortBehaviour(config), tcp: behaviour }) }),
  });
  const batches: EventBatch[] = [];
  const waiters = new Set<(batch: EventBatch) => void>();
  engine.onBatch((batch) => {
    batches.push(batch);
    for (const waiter of [...waiters]) waiter(batch);
  });

  const call = <K extends CommandName>(name: K, args: CommandArgs<K>) =>
    dispatchCommand(engine.handlers, name, args) as Promise<Result<CommandResult<K>>>;

  const must = async <K extends CommandName>(name: K, args: CommandArgs<K>) => {
    const result = await call(name, args);
    if (!result.ok) assert.fail(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  };

  /** Subscribe first, then check the present, so nothing can slip between the two. */
  const until = <T>(
    probe: (batch: EventBatch | null) => T | undefined | Promise<T | undefined>,
    what: string,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (value: T | undefined): void => {
        if (done || value === undefined) return;
        done = true;
        waiters.delete(onBatch);
        clearTimeout(timer);
        resolve(value);
      };
      const onBatch = (batch: EventBatch): void => {
        void Promise.resolve(probe(batch)).then(finish, reject);
      };
      const timer = setTimeout(() => {
        waiters.delete(onBatch);
        reject(new Error(`timed out waiting for ${what}`));
      }, WAIT_MS);
      waiters.add(onBatch);
      void Promise.resolve(probe(null)).then(finish, reject);
    });

  const harness: Harness = {
    engine,
    batches,
    call,
    must,
    open: (port = 0, host = '127.0.0.1') => must('openListener', { host, port }),
    waitForBatch: (match, what = 'a matching batch') =>
      until((batch) => {
        if (batch === null) return batches.find(match);
        return match(batch) ? batch : undefined;
      }, what),
    waitForConnection: (id, match, what = `connection #${id}`) =>
      until(async () => {
        const result = await call('getConnection', { id });
        return result.ok && match(result.value) ? result.value : undefined;
      }, what),
    waitForStats: (match, what = 'stats') =>
      until(async () => {
        const stats = await must('getStats', {});
        return match(stats) ? stats : undefined;
      }, what),
    waitFor: (probe, what) => until(() => probe(), what),
    close: () => engine.close(),
  };
  return harness;
}

/** A connected client socket; errors are collected, never thrown. */
export function connectClient(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolves with the error code when a connect fails (e.g. ECONNREFUSED), null if it connects. */
export function connectError(port: number, host = '127.0.0.1'): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Every byte the socket receives until it ends or closes. */
export function collect(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    socket.on('data', (data: Buffer) => parts.push(data));
    socket.once('close', () => resolve(Buffer.concat(parts)));
  });
}

export function once(socket: Socket, event: 'end' | 'close'): Promise<void> {
  return new Promise((resolve) => socket.once(event, () => resolve()));
}

/** Whether this machine can bind ::1 (some CI containers have IPv6 disabled). */
export async function ipv6Available(): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
  });
}
