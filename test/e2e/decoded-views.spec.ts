// The Decoded tab, in real Chromium against the real engine in browser mode, with real clients:
// Node's http client POSTing a chunked, gzipped JSON body (decompressed by the engine and
// pretty-printed in the decode worker), a WebSocket conversation relayed to an upstream the test
// runs (from a raw client, and from Chromium's own WebSocket to a real `ws` server), and a TLS
// ClientHello with SNI and ALPN.
import { test, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort, relayFromUi, selectConnection } from './support/ports-ui';
import { listenOnLoopback, openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

async function openDecoded(page: Page, clientPort: number) {
  await selectConnection(page, clientPort);
  const payload = page.getByRole('region', { name: 'Payload' });
  await payload.getByRole('tab', { name: 'Decoded' }).click();
  return { payload, messages: payload.getByRole('list', { name: 'Decoded messages' }) };
}

test('HTTP: a chunked, gzipped JSON POST shows its request line, headers and pretty JSON', async ({
  page,
}) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const body = gzipSync(JSON.stringify({ order: { id: 42, items: ['tea', 'cake'] } }));
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/orders?src=e2e',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
  });
  req.on('error', () => undefined);
  const [socket] = (await once(req, 'socket')) as [Socket];
  if (!socket.localPort) await once(socket, 'connect');
  // Two writes before end: Node sends the body chunked.
  req.write(body.subarray(0, 8));
  req.end(body.subarray(8));

  const { payload, messages } = await openDecoded(page, socket.localPort ?? 0);
  const message = messages.getByRole('listitem', { name: 'POST /orders?src=e2e HTTP/1.1' });
  await expect(message).toBeVisible();
  await expect(message.getByRole('definition').filter({ hasText: 'chunked' })).toBeVisible();
  await expect(message).toContainText('Content-Encoding');
  await expect(message).toContainText(/gzip, \d+ B → \d+ B/);
  await expect(message).toContainText('"order": {\n    "id": 42,');
  await expect(message).toContainText('"tea",');

  // One click back to the raw bytes: the Text tab, at the message.
  await message.getByRole('button', { name: 'Show raw bytes' }).click();
  await expect(payload.getByRole('tab', { name: 'Text' })).toHaveAttribute('aria-selected', 'true');
  await expect(payload).toContainText('POST /orders?src=e2e HTTP/1.1');
  req.destroy();
});

/** A masked client frame (RFC 6455 §5.2) with a payload under 126 bytes. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x11, 0x22, 0x33, 0x44]);
  const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** An upstream that accepts one WebSocket upgrade, greets, and answers a close. */
function webSocketUpstream() {
  return createServer((socket) => {
    let head = '';
    socket.on('data', (data: Buffer) => {
      if (head.includes('\r\n\r\n')) {
        // The client's close: answer it and end.
        if (((data[0] ?? 0) & 0x0f) === 8) socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
        return;
      }
      head += data.toString('latin1');
      const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '';
      const accept = createHash('sha1')
        .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      socket.write(Buffer.concat([Buffer.from([0x81, 7]), Buffer.from('welcome')]));
    });
  });
}

test('WebSocket: frames with opcode, FIN, mask and length; text payloads; close code', async ({
  page,
}) => {
  const upstream = webSocketUpstream();
  const upstreamPort = await listenOnLoopback(upstream);
  try {
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    await relayFromUi(page, port, upstreamPort);

    const client = await openClient(port);
    const greeted = new Promise<void>((resolve) => {
      client.on('data', (data: Buffer) => {
        if (data.includes('welcome')) resolve();
      });
    });
    await send(
      client,
      `GET /chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
    await greeted;
    await send(client, clientFrame(1, Buffer.from('hello ws')));
    const close = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye')]);
    await send(client, clientFrame(8, close));
    const clientPort = client.localPort ?? 0;
    await once(client, 'close');

    const { messages } = await openDecoded(page, clientPort);
    await expect(messages.getByRole('listitem', { name: 'GET /chat HTTP/1.1' })).toBeVisible();
    await expect(messages).toContainText('HTTP/1.1 101 Switching Protocols');
    const text = messages.getByRole('listitem').filter({ hasText: 'hello ws' });
    await expect(text).toContainText('TEXT (1)');
    await expect(text).toContainText('Masked');
    await expect(messages.getByRole('listitem').filter({ hasText: 'welcome' })).toBeVisible();
    const closing = messages.getByRole('listitem').filter({ hasText: 'Close reason' });
    await expect(closing).toContainText('1000 normal closure');
    await expect(closing).toContainText('bye');
  } finally {
    upstream.close();
  }
});

test('the browser’s own WebSocket, relayed to a real WebSocket server, decodes frame by frame', async ({
  page,
  context,
}) => {
  // A real WebSocket server (the `ws` package) that echoes; Chromium is the client.
  const upstream = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  upstream.on('connection', (socket) => {
    socket.on('message', (data, isBinary) =>
      socket.send(isBinary ? data : `echo: ${data.toString()}`),
    );
  });
  await once(upstream, 'listening');
  const wsAddress = upstream.address();
  const upstreamPort = typeof wsAddress === 'object' && wsAddress ? wsAddress.port : 0;
  try {
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    await relayFromUi(page, port, upstreamPort);

    // A blank page of its own: Porthole's page may only open its own socket (CSP), as it should.
    const client = await context.newPage();
    const reply = await client.evaluate(async (relayPort) => {
      const ws = new WebSocket(`ws://127.0.0.1:${relayPort}/live?room=7`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error('websocket failed'));
      });
      const answer = new Promise<string>((resolve) => {
        ws.onmessage = (event) => resolve(String(event.data));
      });
      ws.send('hello from chromium');
      const text = await answer;
      ws.close(1000, 'done');
      await new Promise((resolve) => (ws.onclose = resolve));
      return text;
    }, port);
    expect(reply).toBe('echo: hello from chromium');
    await client.close();

    const row = page
      .getByRole('grid', { name: 'Connections' })
      .getByRole('row')
      .filter({ hasText: 'WebSocket' })
      .filter({ hasText: String(port) });
    // Chromium's own connection: the only WebSocket connection on this relay port.
    await expect(row).toHaveCount(1);
    await row.click();
    const payload = page.getByRole('region', { name: 'Payload' });
    await payload.getByRole('tab', { name: 'Decoded' }).click();
    const messages = payload.getByRole('list', { name: 'Decoded messages' });
    await expect(messages).toContainText('GET /live?room=7 HTTP/1.1');
    await expect(messages).toContainText('HTTP/1.1 101 Switching Protocols');
    const sent = messages.getByRole('listitem').filter({ hasText: 'hello from chromium' });
    await expect(sent.first()).toContainText('Masked');
    await expect(
      messages.getByRole('listitem').filter({ hasText: 'echo: hello from chromium' }),
    ).toBeVisible();
    await expect(
      messages.getByRole('listitem').filter({ hasText: 'Close reason' }).first(),
    ).toContainText('done');
  } finally {
    upstream.close();
  }
});

test('TLS: the ClientHello summary shows SNI and ALPN', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const socket = tlsConnect({
    host: '127.0.0.1',
    port,
    servername: 'example.test',
    ALPNProtocols: ['h2', 'http/1.1'],
    rejectUnauthorized: false,
  });
  socket.on('error', () => undefined);
  await once(socket, 'connect');

  const { messages } = await openDecoded(page, socket.localPort ?? 0);
  const hello = messages.getByRole('listitem').filter({ hasText: 'ClientHello' });
  await expect(hello.getByRole('definition').filter({ hasText: 'example.test' })).toBeVisible();
  await expect(hello.getByRole('definition').filter({ hasText: 'h2, http/1.1' })).toBeVisible();
  socket.destroy();
});
