// The HTTP side of browser-mode transfers: GET /transfer/<ticket> streams an export to the
// browser's download manager; POST /transfer/<ticket> streams an upload into an import. The
// ticket (one-time, from a token-guarded command) is the credential; Host, Origin and fetch
// metadata are checked before this runs, like every request.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { appError, fail, type Result } from '../shared/errors';
import { formatBytes } from '../shared/format-bytes';
import type { Engine } from '../engine';
import { refusal } from './refusals';
import { sendRefusal } from './send-response';
import { SECURITY_HEADERS } from './security-headers';
import type { TicketFor, TransferTickets } from './transfer-tickets';

export interface TransferRouteDeps {
  readonly engine: Engine;
  readonly tickets: TransferTickets;
  readonly maxImportBytes: number;
  readonly port: () => number;
}

function sendJson(res: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    // Whatever of an upload was not read is not worth waiting for.
    ...(res.req.complete ? {} : { Connection: 'close' }),
  });
  res.end(body);
}

async function sendExport(
  res: ServerResponse,
  engine: Engine,
  what: Extract<TicketFor, { kind: 'export' }>,
): Promise<void> {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    // Never shown by the browser, whatever the format: captured bytes are hostile.
    'Content-Type': 'application/octet-stream',
    // The name holds only [0-9A-Za-z._-] (exportFileName), so it needs no escaping.
    'Content-Disposition': `attachment; filename="${what.fileName}"`,
  });
  // A failure after the first byte can only be told by cutting the download short (the
  // browser then says it failed); every window also sees it in the transfer's state.
  const result = await engine.transfers.exportCapture(what.request, res, what.fileName);
  if (!result.ok) res.destroy();
}

async function receiveImport(
  req: IncomingMessage,
  res: ServerResponse,
  deps: TransferRouteDeps,
  what: Extract<TicketFor, { kind: 'import' }>,
): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? what.size);
  if (declared > deps.maxImportBytes || declared !== what.size) {
    const detail =
      declared > deps.maxImportBytes
        ? `${what.fileName} is ${formatBytes(declared)}; the limit is ${formatBytes(deps.maxImportBytes)}`
        : `${what.fileName}: ${declared} bytes sent, ${what.size} announced`;
    const code = declared > deps.maxImportBytes ? 'IMPORT_TOO_LARGE' : 'IMPORT_FAILED';
    return sendJson(res, 413, fail(appError(code, { detail })));
  }
  const result = await deps.engine.transfers.importStream(
    req,
    what.fileName,
    what.size,
    deps.maxImportBytes,
  );
  if (res.destroyed) return;
  sendJson(res, 200, result);
}

export async function handleTransfer(
  req: IncomingMessage,
  res: ServerResponse,
  ticket: string,
  deps: TransferRouteDeps,
): Promise<void> {
  const port = deps.port();
  const what = deps.tickets.redeem(ticket);
  if (what === null) return sendRefusal(res, refusal('ticket-spent', port));
  if (what.kind === 'export') {
    if (req.method !== 'GET')
      return sendRefusal(res, refusal('bad-method', port), { Allow: 'GET' });
    return sendExport(res, deps.engine, what);
  }
  if (req.method !== 'POST')
    return sendRefusal(res, refusal('bad-method', port), { Allow: 'POST' });
  return receiveImport(req, res, deps, what);
}
