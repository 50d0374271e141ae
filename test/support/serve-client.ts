// Raw HTTP and WebSocket clients for browser-mode tests: every header is exactly what the test
// says (no browser or fetch normalisation), so refusals can be proven.

import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { WireServerMessage } from '../../shared/contract';
import type { TransportStats } from '../../server/ws-transport';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  requestBody?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(requestBody);
  });
}

/** Sends bytes verbatim (for requests http.request would refuse to form) and reads the reply. */
export function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('end', () => resolve(reply));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
    socket.write(text);
  });
}

export type UpgradeOutcome =
  | { readonly kind: 'open'; readonly ws: WebSocket }
  | { readonly kind: 'refused'; readonly status: number; readonly body: string }
  | { readonly kind: 'error'; readonly message: string };

export function wsConnect(
  url: string,
  options: { origin?: string; headers?: Record<string, string> } = {},
): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      headers: options.headers ?? {},
    });
    ws.once('open', () => resolve({ kind: 'open', ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (error) => resolve({ kind: 'error', message: error.message }));
  });
}

/** Collects every server message of one socket and lets a test wait for a matching one. */
export class WireClient {
  readonly messages: WireServerMessage[] = [];
  private waiters: {
    match: (m: WireServerMessage) => boolean;
    resolve: (m: WireServerMessage) => void;
  }[] = [];
  private nextId = 1;
  private readonly closedPromise: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    this.closedPromise = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WireServerMessage;
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  waitFor(match: (m: WireServerMessage) => boolean, timeoutMs = 5000): Promise<WireServerMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching message in time')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async call(name: string, args: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ type: 'call', id, name, args }));
    const reply = await this.waitFor((m) => m.type === 'result' && m.id === id);
    return reply.type === 'result' ? reply.result : undefined;
  }

  closed(): Promise<{ code: number; reason: string }> {
    return this.closedPromise;
  }
}

/** Anything that reports transport stats and their changes (a RunningServer). */
export interface StatsSource {
  stats(): TransportStats;
  onStatsChange(listener: (stats: TransportStats) => void): () => void;
}

/**
 * Resolves with the first stats (now or after a change) that match. The timeout is only a
 * safety net so a broken server fails the test instead of hanging it.
 */
export function waitForStats(
  source: StatsSource,
  match: (stats: TransportStats) => boolean,
  timeoutMs = 20_000,
): Promise<TransportStats> {
  const now = source.stats();
  if (match(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`stats never matched; last: ${JSON.stringify(source.stats())}`));
    }, timeoutMs);
    const off = source.onStatsChange((stats) => {
      if (!match(stats)) return;
      clearTimeout(timer);
      off();
      resolve(stats);
    });
  });
}

/**
 * A WebSocket client on a bare TCP socket: it does the handshake by hand, then sends whatever
 * bytes the test builds (many frames in one write) and reads only when told to. The socket is
 * returned paused, with any bytes read past the handshake.
 */
export async function rawWsConnect(
  port: number,
  path: string,
  origin: string,
): Promise<{ socket: Socket; rest: Buffer }> {
  const socket = connect({ host: '127.0.0.1', port });
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\n` +
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
      `Sec-WebSocket-Key: ${key}\r\n\r\n`,
  );
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.pause();
      socket.off('data', onData);
      socket.off('error', reject);
      const head = received.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101 ')) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${head.split('\r\n')[0] ?? ''}`));
        return;
      }
      resolve({ socket, rest: received.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** One masked text frame, as a client must send it (payloads under 64 KiB). */
export function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length >= 65536) throw new Error('frame too large for this helper');
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const mask = randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i += 1) masked[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([header, mask, masked]);
}

export interface ServerFrames {
  /** Type and id of every text message, in order (bodies are not kept: they may be huge). */
  readonly messages: { readonly type: string; readonly id: number | null }[];
  readonly close: { readonly code: number; readonly reason: string } | null;
}

/**
 * Resumes the socket and parses the server's (unmasked) frames until a close frame arrives,
 * `stop` says enough, or the socket ends.
 */
export function readServerFrames(
  socket: Socket,
  rest: Buffer,
  stop: (frames: ServerFrames) => boolean = () => false,
): Promise<ServerFrames> {
  const messages: { type: string; id: number | null }[] = [];
  let chunks: Buffer[] = rest.length > 0 ? [rest] : [];
  let have = rest.length;
  let need = 2;
  let done = false;
  return new Promise((resolve) => {
    const finish = (close: ServerFrames['close']): void => {
      done = true;
      socket.off('data', onData);
      socket.off('close', onEnd);
      socket.pause();
      resolve({ messages, close });
    };
    const parse = (): void => {
      while (have >= need) {
        const buf = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, have);
        chunks = [buf];
        const opcode = (buf[0] ?? 0) & 0x0f;
        const short = (buf[1] ?? 0) & 0x7f;
        const headerLength = short === 126 ? 4 : short === 127 ? 10 : 2;
        if (have < headerLength) {
          need = headerLength;
          continue;
        }
        const length =
          short === 126
            ? buf.readUInt16BE(2)
            : short === 127
              ? Number(buf.readBigUInt64BE(2))
              : short;
        if (have < headerLength + length) {
          need = headerLength + length;
          continue;
        }
        const payload = buf.subarray(headerLength, headerLength + length);
        const tail = buf.subarray(headerLength + length);
        chunks = tail.length > 0 ? [tail] : [];
        have = tail.length;
        need = 2;
        if (opcode === 0x8) {
          const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
          finish({ code, reason: payload.subarray(2).toString('utf8') });
          return;
        }
        if (opcode === 0x1) {
          // `{"type":"result","id":12,...}`: the head is enough, the body may be a MiB.
          const head = payload.subarray(0, 64).toString('utf8');
          const match = /^\{"type":"(\w+)"(?:,"id":(\d+))?/.exec(head);
          messages.push({ type: match?.[1] ?? '?', id: match?.[2] ? Number(match[2]) : null });
          if (stop({ messages, close: null })) {
            finish(null);
            return;
          }
        }
      }
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      have += chunk.length;
      parse();
    };
    const onEnd = (): void => finish(null);
    socket.on('data', onData);
    socket.once('close', onEnd);
    parse();
    if (!done) socket.resume();
  });
}

/** The line `porthole serve` prints first: its one-time link. */
export const PRINTED_LINK =
  /^Porthole is running at (http:\/\/127\.0\.0\.1:(\d+)\/#code=[\w-]{43})$/;

/** A link's port and the run's token, swapped at POST /session as Porthole's page does. */
export async function signIn(link: string): Promise<{ port: number; token: string }> {
  const url = new URL(link);
  const port = Number(url.port);
  const code = url.hash.slice('#code='.length);
  const reply = await httpGet(port, '/session', { Origin: url.origin }, 'POST', code);
  if (reply.status !== 200) throw new Error(`POST /session: ${reply.status} ${reply.body}`);
  return { port, token: (JSON.parse(reply.body) as { token: string }).token };
}
