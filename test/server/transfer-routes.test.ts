// Browser-mode exports and imports against the real engine and server on 127.0.0.1: a command
// over the token-guarded socket issues a one-time address; GET streams the export, POST feeds
// an upload into an import. Tickets work once, an upload needs a page's Origin and stays
// within the size limit, a cancel from any window stops it and keeps nothing.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../shared/contract';
import type { CaptureSummary, ConnectionInfo, ListenerInfo } from '../../shared/model';
import type {
  ExportOutcome,
  ImportOutcome,
  ImportSummary,
  TransferInfo,
} from '../../shared/transfer';
import { createEngine, type Engine } from '../../engine';
import { startServer, type RunningServer } from '../../server/start-server';
import { frame, LINK_TYPES, pcapFile, udp } from '../support/pcap-builder';
import { WireClient, wsConnect } from '../support/serve-client';

const MAX_IMPORT = 256 * 1024;
let dir: string;
let engine: Engine;
let server: RunningServer;
let client: WireClient;
let origin: string;

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** One request with exactly these headers; the body is sent whole, or the first `sendOnly`. */
function httpRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method, headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const must = async <T>(name: string, args: unknown): Promise<T> => {
  const result = (await client.call(name, args)) as Result<T>;
  assert.ok(result.ok, `${name}: ${JSON.stringify(result)}`);
  return result.value;
};

/** A small pcap of one UDP exchange: the client's datagrams and the port's replies. */
function udpCapture(datagrams: readonly string[]): Buffer {
  const frames = datagrams.map((text, i) => {
    const fromClient = i % 2 === 0;
    const packet = udp({
      src: '127.0.0.1',
      dst: '127.0.0.1',
      sport: fromClient ? 40000 : 5353,
      dport: fromClient ? 5353 : 40000,
      data: Buffer.from(text),
    });
    return { at: 1_700_000_000_000 + i, data: frame('raw', packet) };
  });
  return pcapFile(frames, { linkType: LINK_TYPES.raw });
}

async function captures(): Promise<CaptureSummary[]> {
  return must<CaptureSummary[]>('listCaptures', {});
}

async function uploadTicket(fileName: string, size: number): Promise<string> {
  const outcome = await must<ImportOutcome>('importCapture', { source: 'upload', fileName, size });
  assert.equal(outcome.kind, 'upload');
  return outcome.kind === 'upload' ? outcome.url : '';
}

/** The first batch (seen already, or to come) whose transfers match. */
async function transferSeen(match: (t: TransferInfo) => boolean): Promise<TransferInfo> {
  const message = await client.waitFor(
    (m) => m.type === 'batch' && m.batch.stats.transfers.some(match),
  );
  const found = message.type === 'batch' ? message.batch.stats.transfers.find(match) : undefined;
  assert.ok(found);
  return found;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-transfer-'));
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Porthole</title>');
  engine = createEngine({ batchIntervalMs: 16, persist: { dataDir: join(dir, 'data') } });
  server = await startServer({ engine, staticDir: ui, maxImportBytes: MAX_IMPORT });
  origin = `http://127.0.0.1:${server.port}`;
  const outcome = await wsConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin,
  });
  assert.equal(outcome.kind, 'open');
  client = new WireClient(outcome.kind === 'open' ? outcome.ws : (undefined as never));
});

after(async () => {
  client.ws.close();
  await server.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exports download from a one-time address', () => {
  const sent = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff));
  let connectionId = 0;

  before(async () => {
    const port = (await must<ListenerInfo>('openListener', { port: 0 })).port ?? 0;
    const socket = connect({ host: '127.0.0.1', port });
    socket.end(sent);
    await new Promise((resolve) => socket.on('close', resolve));
    const whole = (c: ConnectionInfo) => c.in.captured === sent.length && c.closedAt !== null;
    const message = await client.waitFor(
      (m) => m.type === 'batch' && m.batch.connections.some(whole),
    );
    connectionId = message.type === 'batch' ? (message.batch.connections.find(whole)?.id ?? 0) : 0;
    assert.ok(connectionId > 0);
  });

  test('raw bytes of one side, byte-exact, as an attachment the browser will not render', async () => {
    const outcome = await must<ExportOutcome>('exportCapture', {
      format: 'raw',
      connectionIds: [connectionId],
      direction: 'in',
    });
    assert.equal(outcome.kind, 'download');
    if (outcome.kind !== 'download') return;
    assert.match(
      outcome.fileName,
      new RegExp(`^porthole-[\\w-]+-connection-${connectionId}-client\\.bin$`),
    );
    const reply = await httpRequest('GET', outcome.url, {});
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/octet-stream');
    assert.equal(
      reply.headers['content-disposition'],
      `attachment; filename="${outcome.fileName}"`,
    );
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    assert.ok(reply.body.equals(sent));
    // Every window sees how it ended.
    await transferSeen(
      (t) => t.fileName === outcome.fileName && t.state === 'done' && t.doneBytes === sent.length,
    );
  });

  test('an address works once', async () => {
    const outcome = await must<ExportOutcome>('exportCapture', { format: 'pcapng' });
    if (outcome.kind !== 'download') return assert.fail(outcome.kind);
    const first = await httpRequest('GET', outcome.url, {});
    assert.equal(first.status, 200);
    // pcapng's section header block type, then the byte-order magic.
    assert.equal(first.body.readUInt32LE(0), 0x0a0d0d0a);
    assert.equal(first.body.readUInt32LE(8), 0x1a2b3c4d);
    const again = await httpRequest('GET', outcome.url, {});
    assert.equal(again.status, 410);
    assert.match(again.body.toString(), /already used or has expired/);
    const made = await httpRequest('GET', '/transfer/made-up-ticket', {});
    assert.equal(made.status, 410);
  });

  test('another page may not fetch an export, even with the address', async () => {
    const outcome = await must<ExportOutcome>('exportCapture', { format: 'pcapng' });
    if (outcome.kind !== 'download') return assert.fail(outcome.kind);
    const foreign = await httpRequest('GET', outcome.url, { Origin: 'http://127.0.0.1:1' });
    assert.equal(foreign.status, 403);
    const rebound = await httpRequest('GET', outcome.url, { Host: 'evil.example' });
    assert.equal(rebound.status, 421);
  });

  test('bad requests are refused before any address is issued', async () => {
    const missing = (await client.call('exportCapture', {
      format: 'pcapng',
      capture: 'no-such-capture',
    })) as Result<unknown>;
    assert.equal(!missing.ok && missing.error.code, 'CAPTURE_NOT_FOUND');
    const gone = (await client.call('exportCapture', {
      format: 'har',
      connectionIds: [99_999],
    })) as Result<unknown>;
    assert.equal(!gone.ok && gone.error.code, 'CONNECTION_NOT_FOUND');
    const raw = (await client.call('exportCapture', { format: 'raw' })) as Result<unknown>;
    assert.equal(!raw.ok && raw.error.code, 'INVALID_ARGUMENT');
  });
});

describe('imports upload to a one-time address', () => {
  const file = udpCapture(['ping one', 'pong one', 'ping two', 'pong two']);

  test('an upload becomes a capture named after the file, with its datagrams', async () => {
    const url = await uploadTicket('udp exchange.pcap', file.length);
    const reply = await httpRequest(
      'POST',
      url,
      { Origin: origin, 'Content-Type': 'application/octet-stream' },
      file,
    );
    assert.equal(reply.status, 200);
    const result = JSON.parse(reply.body.toString()) as Result<ImportSummary>;
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.connections, 1);
    const listed = (await captures()).find((c) => c.id === result.value.captureId);
    assert.equal(listed?.name, 'udp exchange.pcap');
    const page = await must<{ connections: ConnectionInfo[] }>('listConnections', {
      capture: result.value.captureId,
    });
    assert.equal(page.connections[0]?.in.captured, 'ping oneping two'.length);
    assert.equal(page.connections[0]?.out.captured, 'pong onepong two'.length);
    assert.deepEqual(readdirSync(join(dir, 'data', 'incoming')), []);
  });

  test('an upload without a page Origin is refused and the address stays good', async () => {
    const url = await uploadTicket('no-origin.pcap', file.length);
    const bare = await httpRequest('POST', url, {}, file);
    assert.equal(bare.status, 403);
    const foreign = await httpRequest('POST', url, { Origin: 'http://localhost:1' }, file);
    assert.equal(foreign.status, 403);
    const good = await httpRequest('POST', url, { Origin: origin }, file);
    assert.equal(good.status, 200);
  });

  test('too large is refused when asked, and when more is sent than announced', async () => {
    const big = (await client.call('importCapture', {
      source: 'upload',
      fileName: 'big.pcap',
      size: MAX_IMPORT + 1,
    })) as Result<unknown>;
    assert.equal(!big.ok && big.error.code, 'IMPORT_TOO_LARGE');
    assert.match(!big.ok ? big.error.message : '', /import limit/);
    const url = await uploadTicket('liar.pcap', 10);
    const reply = await httpRequest('POST', url, { Origin: origin }, Buffer.alloc(MAX_IMPORT + 10));
    assert.equal(reply.status, 413);
    const result = JSON.parse(reply.body.toString()) as Result<unknown>;
    assert.equal(!result.ok && result.error.code, 'IMPORT_TOO_LARGE');
  });

  test('a file that is not a capture is a clear error and leaves nothing behind', async () => {
    const before = (await captures()).length;
    const junk = Buffer.from('this is not a packet capture at all');
    const url = await uploadTicket('notes.txt', junk.length);
    const reply = await httpRequest('POST', url, { Origin: origin }, junk);
    const result = JSON.parse(reply.body.toString()) as Result<unknown>;
    assert.equal(!result.ok && result.error.code, 'IMPORT_INVALID');
    assert.match(!result.ok ? result.error.message : '', /not a pcap or pcapng file/);
    assert.equal((await captures()).length, before);
  });

  test('cancel from a window stops an upload midway and keeps nothing', async () => {
    const before = (await captures()).length;
    const size = 200_000;
    const url = await uploadTicket('slow.pcap', size);
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      path: url,
      method: 'POST',
      headers: { Origin: origin, 'Content-Length': String(size) },
      agent: false,
    });
    const ended = new Promise<string>((resolve) => {
      req.on('error', (error) => resolve(error.message));
      req.on('response', (res) => resolve(`answered ${res.statusCode}`));
    });
    // Half the file, then nothing: the upload waits for the rest.
    req.write(file);
    req.write(Buffer.alloc(size / 2));
    const { id } = await transferSeen(
      (t) => t.fileName === 'slow.pcap' && t.state === 'running' && t.doneBytes > 0,
    );
    assert.deepEqual(await client.call('cancelTransfer', { id }), { ok: true, value: null });
    assert.ok((await ended).length > 0);
    await transferSeen((t) => t.id === id && t.state === 'cancelled');
    assert.equal((await captures()).length, before);
    assert.deepEqual(readdirSync(join(dir, 'data', 'incoming')), []);
    const again = (await client.call('cancelTransfer', { id })) as Result<unknown>;
    assert.equal(!again.ok && again.error.code, 'TRANSFER_NOT_FOUND');
  });
});
