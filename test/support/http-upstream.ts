// An HTTP server with one known answer per path, for tests of what Porthole makes of HTTP
// traffic: plain, chunked, gzip and binary bodies, a POST that sets cookies and redirects, and
// a request that is never answered.

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export const BINARY = Buffer.concat([Buffer.from([0, 255, 1, 254]), randomBytes(2000)]);
export const GZIP_TEXT = 'squeezed text '.repeat(200);

/**
 * The upstream: one answer per path. /hang never answers (its client resets instead); `hung`
 * resolves once that request has arrived.
 */
export function upstream(): { readonly server: Server; readonly hung: Promise<void> } {
  let arrived: () => void = () => undefined;
  const hung = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/text')) res.setHeader('Content-Type', 'text/plain').end('hello');
    else if (path === '/chunked') {
      res.setHeader('Content-Type', 'text/plain');
      res.write('part one, ');
      res.end('part two');
    } else if (path === '/gzip') {
      const body = gzipSync(GZIP_TEXT);
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', body.length).end(body);
    } else if (path === '/binary') {
      res.setHeader('Content-Type', 'application/octet-stream').end(BINARY);
    } else if (path === '/submit') {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        res.setHeader('Set-Cookie', ['session=abc; Path=/; HttpOnly', 'theme=dark']);
        res.writeHead(303, { Location: '/done' }).end(`got ${Buffer.concat(parts).length}`);
      });
    } else if (path === '/hang') arrived();
    else res.writeHead(404).end();
  });
  return { server, hung };
}

/** Resolves once what the socket received so far contains `text`. */
export function received(socket: Socket, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      seen += d.toString('latin1');
      if (!seen.includes(text)) return;
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
  });
}
