// Browser mode: the same UI and engine as the desktop app, served on 127.0.0.1 to a browser.
// Plain Node; never imports electron. Every request passes Host (DNS rebinding), Origin and
// fetch metadata (other pages) first. The UI's files hold no secret and need nothing more (no
// cookie, which any other local server could set or overwrite), then a traversal-safe lookup
// inside the UI folder. A tab signs in by posting a one-time link code to /session for the
// token; the socket at /ws takes only the token; one-time transfer addresses (/transfer/…) are
// issued over that socket.

import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Engine } from '../engine';
import { createAccessToken } from './access-token';
import { createLaunchCodes } from './launch-codes';
import { refusal } from './refusals';
import {
  checkControlAccess,
  checkRequestSource,
  type Secrets,
  type Verdict,
} from './request-guard';
import { parseRequestTarget } from './request-target';
import { refuseUpgrade, sendFile, sendRefusal } from './send-response';
import { handleSession, SESSION_PATH } from './session-route';
import { INDEX_FILE } from '../shared/safe-path';
import { lookupStaticFile } from './static-files';
import { browserTransferHandlers, DEFAULT_MAX_IMPORT_BYTES } from './transfer-host';
import { handleTransfer } from './transfer-routes';
import { createTransferTickets, TRANSFER_PATH } from './transfer-tickets';
import {
  createWebSocketTransport,
  type TransportLimits,
  type TransportStats,
} from './ws-transport';

const WS_PATH = '/ws';
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15 * 60_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const MAX_HTTP_CONNECTIONS = 256;
/** A link handed to a browser launcher is used within seconds or not at all. */
const LAUNCH_LINK_TTL_MS = 60_000;

export interface ServerOptions {
  readonly engine: Engine;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built renderer (the folder holding index.html). */
  readonly staticDir: string;
  readonly transportLimits?: Partial<TransportLimits>;
  /** The largest file the page may upload for import (default 4 GiB). */
  readonly maxImportBytes?: number;
  readonly log?: (message: string, error?: unknown) => void;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/, with no secret in it. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** A link to print: it opens one tab, once (its code is swapped for the token). */
  readonly newLink: () => string;
  /** The same, but for a browser launcher: it also expires within a minute. */
  readonly launchLink: () => string;
  /** Connected tabs, queued calls and how many sockets were cut off (for logs and tests). */
  readonly stats: () => TransportStats;
  /** Called after the stats' counters change; returns an unsubscribe. */
  readonly onStatsChange: (listener: (stats: TransportStats) => void) => () => void;
  /** Closes every socket and the listener; the engine stays up (its owner closes it). */
  readonly close: () => Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const index = join(resolve(options.staticDir), INDEX_FILE);
  if (!existsSync(index)) {
    throw new Error(
      `Porthole's user interface is not built (${index} is missing). Run \`npm run build\` first.`,
    );
  }
  const staticRoot = await realpath(resolve(options.staticDir));
  const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  const secrets: Secrets = { token: createAccessToken() };
  const { token } = secrets;
  const launchCodes = createLaunchCodes();
  const tickets = createTransferTickets();
  const maxImportBytes = options.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const transport = createWebSocketTransport({
    engine: options.engine,
    host: browserTransferHandlers(options.engine, tickets, maxImportBytes),
    limits: options.transportLimits,
    log,
  });
  let port = 0;
  const transferDeps = { engine: options.engine, tickets, maxImportBytes, port: () => port };

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseRequestTarget(req.url);
    // Browsers send Origin with every POST, our page's included: a POST without one is not from
    // a page.
    const source = checkRequestSource(req.headers, port, req.method === 'POST');
    if (!source.ok) return sendRefusal(res, refusal(source.kind, port));
    if (!target) return sendRefusal(res, refusal('bad-path', port));
    if (target.path.startsWith(TRANSFER_PATH)) {
      const ticket = target.path.slice(TRANSFER_PATH.length);
      return handleTransfer(req, res, ticket, transferDeps);
    }
    if (target.path === SESSION_PATH) return handleSession(req, res, launchCodes, token, port);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendRefusal(res, refusal('bad-method', port), { Allow: 'GET, HEAD' });
    }
    const isIndex = target.path === '/' || target.path === `/${INDEX_FILE}`;
    const file = await lookupStaticFile(staticRoot, isIndex ? '/' : target.path);
    if (!file.ok) return sendRefusal(res, refusal(file.kind, port));
    return sendFile(res, file.file, file.size, req.method === 'HEAD');
  }

  function guardUpgrade(req: IncomingMessage): Verdict {
    const source = checkRequestSource(req.headers, port, true);
    if (!source.ok) return source;
    const target = parseRequestTarget(req.url);
    if (!target || target.path !== WS_PATH) return { ok: false, kind: 'not-found' };
    // Only the token, only from the socket's URL (which no history or cookie jar keeps).
    const auth = checkControlAccess(target.query.get('token'), secrets);
    if (!auth.ok) return auth;
    if (!transport.acceptsMoreClients()) return { ok: false, kind: 'too-many-clients' };
    return { ok: true };
  }

  // A client that trickles its headers (slowloris) is cut off in seconds, not Node's minute or
  // more (the check runs every second rather than every 30); a request's body may take longer,
  // since an import uploads gigabytes.
  const timeouts = {
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: 1000,
  };
  const server = createServer(timeouts, (req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      log('Porthole: request failed:', error);
      if (!res.headersSent) sendRefusal(res, refusal('internal', port));
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client resetting mid-handshake must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    const verdict = guardUpgrade(req);
    if (!verdict.ok) return refuseUpgrade(socket, refusal(verdict.kind, port));
    transport.handleUpgrade(req, socket, head);
  });

  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      // Loopback only, never all interfaces; exclusive so a second instance gets EADDRINUSE.
      server.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (error) {
    await transport.close();
    throw error;
  }
  server.on('error', (error) => log('Porthole: web server error:', error));
  // Tabs use a handful of connections each (and at most MAX_CLIENTS sockets); more is a flood.
  server.maxConnections = MAX_HTTP_CONNECTIONS;
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const origin = `http://127.0.0.1:${port}`;
  // In the fragment: the page reads it, the server never sees it in a request line.
  const link = (ttlMs?: number) => `${origin}/#code=${launchCodes.issue(ttlMs)}`;
  return {
    origin,
    port,
    token,
    stats: transport.stats,
    onStatsChange: transport.onStatsChange,
    newLink: () => link(),
    launchLink: () => link(LAUNCH_LINK_TTL_MS),
    close() {
      closing ??= (async () => {
        await transport.close();
        await new Promise<void>((resolveClose) => {
          server.close(() => resolveClose());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
