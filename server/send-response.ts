// Writing answers: files, refusals and refused WebSocket upgrades, always with the security
// headers and never with CORS headers.

import { createReadStream } from 'node:fs';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from '../shared/content-types';
import type { Refusal } from './refusals';
import { SECURITY_HEADERS } from './security-headers';

const TEXT = 'text/plain; charset=utf-8';

export function sendRefusal(
  res: ServerResponse,
  refusal: Refusal,
  extra: Readonly<Record<string, string>> = {},
): void {
  const body = `${refusal.text}\n`;
  res.writeHead(refusal.status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': TEXT,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** A small JSON answer that no cache may keep (it can carry the session token). */
export function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

export async function sendFile(
  res: ServerResponse,
  file: string,
  size: number,
  headOnly: boolean,
  extra: Readonly<Record<string, string>> = {},
): Promise<void> {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': contentTypeFor(file),
    'Content-Length': size,
  });
  if (headOnly) {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(file), res);
  } catch {
    // The client went away or the file vanished mid-read; the socket is already torn down.
    res.destroy();
  }
}

/** A refused upgrade never reaches ws: answer in raw HTTP on the socket and hang up. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = `${refusal.text}\n`;
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'Content-Type': TEXT,
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const status = `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Refused'}`;
  socket.end(`${status}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
}
