// Raw HTTP and WebSocket clients for browser-mode tests: every header is exactly what the test
// says (no browser or fetch normalisation), so refusals can be proven.

import { request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import type { WireServerMessage } from '../../../shared/contract';

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
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
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
