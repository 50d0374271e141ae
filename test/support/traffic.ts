// Traffic for behaviour, relay and fault tests: deterministic byte streams of any size (made on
// the fly, so a 256 MB transfer never sits in memory), hashing at both ends, and loopback
// servers that play the upstream. (Process memory is a benchmark figure: bench/relay-memory.ts.)

import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { MAX_READ_BYTES } from '../../shared/contract';
import type { Direction } from '../../shared/model';
import type { Harness } from './engine-harness';

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

const ZEROS = Buffer.alloc(64 * 1024);

/**
 * Write `total` pseudo-random bytes (AES-CTR keystream of `seed`), honouring backpressure, then
 * optionally end. Resolves with the sha256 of what was written.
 */
export async function sendStream(
  socket: Socket,
  total: number,
  seed: number,
  options: { end?: boolean; onProgress?: (sent: number) => void } = {},
): Promise<string> {
  const key = Buffer.alloc(16, seed);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const hash = createHash('sha256');
  let sent = 0;
  while (sent < total) {
    const size = Math.min(ZEROS.length, total - sent);
    const chunk = cipher.update(size === ZEROS.length ? ZEROS : ZEROS.subarray(0, size));
    hash.update(chunk);
    sent += size;
    options.onProgress?.(sent);
    if (!socket.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onClose = (): void => reject(new Error(`socket closed after ${sent} bytes`));
        socket.once('close', onClose);
        socket.once('drain', () => {
          socket.removeListener('close', onClose);
          resolve();
        });
      });
    }
  }
  if (options.end !== false) socket.end();
  return hash.digest('hex');
}

export interface Received {
  readonly hash: string;
  readonly bytes: number;
  readonly ended: boolean;
}

/** Hash everything a socket receives until it ends (or closes); never keeps the bytes. */
export function receiveStream(
  socket: Socket,
  options: { onProgress?: (received: number) => void } = {},
): Promise<Received> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let bytes = 0;
    let ended = false;
    socket.on('data', (data: Buffer) => {
      hash.update(data);
      bytes += data.byteLength;
      options.onProgress?.(bytes);
    });
    const done = (): void => resolve({ hash: hash.digest('hex'), bytes, ended });
    socket.once('end', () => {
      ended = true;
      done();
    });
    socket.once('close', () => {
      if (!ended) done();
    });
  });
}

/**
 * One direction of a connection's captured bytes, paging through readPayload: of the live
 * capture, or of a past one by id.
 */
export async function capturedBytes(
  h: Harness,
  id: number,
  direction: Direction,
  capture?: string,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const page = await h.must('readPayload', {
      ...(capture === undefined ? {} : { capture }),
      connectionId: id,
      direction,
      offset,
      length: MAX_READ_BYTES,
    });
    if (page.length === 0) return Buffer.concat(parts);
    parts.push(Buffer.from(page.data, 'base64'));
    offset += page.length;
  }
}

/** Hash one direction of a connection's capture by paging through readPayload. */
export async function capturedHash(h: Harness, id: number, direction: Direction): Promise<string> {
  return sha256(await capturedBytes(h, id, direction));
}

export interface TestServer {
  readonly server: Server;
  readonly port: number;
  /** Sockets accepted so far, in order (counted at the server). */
  readonly sockets: Socket[];
  /** Resolves with the n-th accepted socket (1-based). */
  accepted(n?: number): Promise<Socket>;
  close(): Promise<void>;
}

/** A loopback server playing the relay's upstream; `onConnection` runs for each accepted socket. */
export async function startServer(
  onConnection: (socket: Socket) => void = () => undefined,
  host = '127.0.0.1',
): Promise<TestServer> {
  const sockets: Socket[] = [];
  const waiters: { n: number; resolve: (s: Socket) => void }[] = [];
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
    onConnection(socket);
    for (const w of waiters.filter((x) => x.n === sockets.length)) w.resolve(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
  const address = server.address();
  assert.ok(typeof address === 'object' && address !== null);
  return {
    server,
    port: address.port,
    sockets,
    accepted: (n = 1) =>
      new Promise((resolve) => {
        const existing = sockets[n - 1];
        if (existing !== undefined) resolve(existing);
        else waiters.push({ n, resolve });
      }),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nobody listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  assert.ok(typeof address === 'object' && address !== null);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

/**
 * A client that keeps sending after the server's FIN (allowHalfOpen), as a relay test needs when
 * both directions stream at once and one finishes first. Errors are collected, never thrown.
 */
export function connectHalfOpen(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, allowHalfOpen: true, noDelay: true });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolves with the error code the socket fails with, or null if it closes cleanly. */
export function socketOutcome(socket: Socket): Promise<string | null> {
  return new Promise((resolve) => {
    let code: string | null = null;
    socket.on('error', (error: NodeJS.ErrnoException) => (code ??= error.code ?? error.message));
    socket.once('close', () => resolve(code));
  });
}

export const MiB = 1024 * 1024;
export const mb = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;

/**
 * Resolves with the counter's value once it has stopped moving for `quietMs` (and is above 0).
 * A stall is the absence of events, so this is the one place a quiet period is measured.
 */
export async function waitForStall(
  read: () => number,
  what: string,
  quietMs = 250,
  timeoutMs = 20_000,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = read();
  let since = performance.now();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const value = read();
    if (value !== last) {
      last = value;
      since = performance.now();
    } else if (value > 0 && performance.now() - since >= quietMs) {
      return value;
    }
  }
  throw new Error(`timed out waiting for ${what} to stall (at ${last})`);
}

/** Every byte the socket receives until the peer's FIN (the socket may stay open to answer). */
export function collectUntilEnd(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    socket.on('data', (data: Buffer) => parts.push(data));
    socket.once('end', () => resolve(Buffer.concat(parts)));
  });
}
