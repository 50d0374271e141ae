// Port behaviours from the UI, in real Chromium against the real engine in browser mode, with
// real clients: echo chosen when opening, an HTTP responder switched on live and answered to
// Node's http client, a relay to an upstream the test runs, talk back and reset from the
// payload inspector, and a UDP port with echo and talk back to its peer.
import { test, expect } from '@playwright/test';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { get } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import {
  editBehaviour,
  openSuggestedPort,
  relayFromUi,
  selectConnection,
} from './support/ports-ui';
import { listenOnLoopback, openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

/** Bytes the socket receives until `predicate` holds on all of them together. */
function receiveUntil(socket: Socket, predicate: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (data: Buffer) => {
      text += data.toString('latin1');
      if (predicate(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}

test('echo, chosen when opening the port: the client gets its bytes back, both directions shown', async ({
  page,
}) => {
  await page.goto(await server.link());
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('combobox', { name: 'Behaviour' }).selectOption({ label: 'Echo' });
  const port = await openSuggestedPort(page);
  await expect(page.getByRole('listitem', { name: `Port localhost:${port}` })).toContainText(
    'Echo',
  );

  const client = await openClient(port);
  const echoed = receiveUntil(client, (t) => t.includes('marco\r\n'));
  await send(client, 'marco\r\n');
  expect(await echoed).toBe('marco\r\n');

  const row = await selectConnection(page, client.localPort ?? 0);
  await expect(row).toContainText('echo');
  const payload = page.getByRole('region', { name: 'Payload' });
  await expect(payload).toContainText('client → port');
  await expect(payload).toContainText('port → client');
  client.destroy();
});

test('HTTP responder switched on while the port is open answers a real HTTP client', async ({
  page,
}) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const editor = await editBehaviour(page, port);
  // With the open-port form showing too, the two behaviour fields are told apart by name.
  await expect(page.getByRole('combobox', { name: 'Behaviour', exact: true })).toHaveCount(1);
  await expect(
    editor.getByRole('combobox', { name: `Behaviour of port ${port}`, exact: true }),
  ).toBeVisible();
  await editor
    .getByRole('combobox', { name: 'Behaviour' })
    .selectOption({ label: 'HTTP responder' });
  await editor.getByRole('textbox', { name: 'Status' }).fill('201');
  await editor.getByRole('textbox', { name: 'Headers' }).fill('Content-Type: application/json');
  await editor.getByRole('textbox', { name: 'Body', exact: true }).fill('{"created":true}');
  await editor.getByRole('button', { name: 'Apply behaviour' }).click();
  await expect(editor.getByRole('status')).toHaveText('Applied — new connections get it');

  const response = await new Promise<{ status: number; type: string; body: string }>(
    (resolve, reject) => {
      const req = get({ host: '127.0.0.1', port, path: '/orders/7', agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
        );
      });
      req.on('error', reject);
    },
  );
  expect(response).toEqual({ status: 201, type: 'application/json', body: '{"created":true}' });

  const row = page
    .getByRole('grid', { name: 'Connections' })
    .getByRole('row')
    .filter({ hasText: 'http' });
  await row.first().click();
  const payload = page.getByRole('region', { name: 'Payload' });
  await expect(payload).toContainText('GET /orders/7 HTTP/1.1');
  await expect(payload).toContainText('HTTP/1.1 201 Created');
});

test('relay: a client talks to an upstream through the port, both directions appear live', async ({
  page,
}) => {
  const upstream = createServer((socket) => {
    socket.on('data', (data) => socket.write(`upstream saw ${data.toString().trim()}\n`));
  });
  const upstreamPort = await listenOnLoopback(upstream);
  try {
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    await relayFromUi(page, port, upstreamPort);

    const client = await openClient(port);
    const answer = receiveUntil(client, (t) => t.endsWith('\n'));
    await send(client, 'hello relay\n');
    expect(await answer).toBe('upstream saw hello relay\n');

    await selectConnection(page, client.localPort ?? 0);
    const payload = page.getByRole('region', { name: 'Payload' });
    await expect(payload).toContainText(`127.0.0.1:${upstreamPort}`);
    await expect(payload).toContainText('hello relay');
    await expect(payload).toContainText('upstream saw hello relay');
    client.destroy();
  } finally {
    upstream.close();
  }
});

test('talk back to a client from the inspector, then reset it', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  const ended = new Promise<string>((resolve) => {
    client.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    client.on('close', () => resolve('closed'));
  });
  await send(client, 'who is there?\n');
  await selectConnection(page, client.localPort ?? 0);

  const composer = page.getByRole('region', { name: 'Send to client' });
  const received = receiveUntil(client, (t) => t.includes('\r\n'));
  await composer.getByRole('textbox', { name: 'Message', exact: true }).fill('porthole here\\r\\n');
  await composer.getByRole('button', { name: 'Send' }).click();
  await expect(composer.getByRole('status')).toHaveText('Sent 15 bytes');
  expect(await received).toBe('porthole here\r\n');
  const payload = page.getByRole('region', { name: 'Payload' });
  await expect(payload).toContainText('port → client');

  await page.getByRole('button', { name: 'Reset connection' }).click();
  expect(await ended).toBe('ECONNRESET');
  await expect(payload).toContainText(/reset by you/i);
});

test('UDP: echo to a real datagram client, the conversation shown, talk back to the peer', async ({
  page,
}) => {
  await page.goto(await server.link());
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'UDP' });
  await form.getByRole('combobox', { name: 'Behaviour' }).selectOption({ label: 'Echo' });
  const port = await openSuggestedPort(page);

  const peer = createSocket('udp4');
  peer.bind(0, '127.0.0.1');
  await once(peer, 'listening');
  const replies: string[] = [];
  peer.on('message', (message) => replies.push(message.toString()));
  try {
    peer.send('ping over udp', port, '127.0.0.1');
    await expect.poll(() => replies).toContain('ping over udp');

    const row = await selectConnection(page, peer.address().port);
    await expect(row).toContainText('UDP');
    const payload = page.getByRole('region', { name: 'Payload' });
    await expect(payload).toContainText('UDP conversation');

    const composer = page.getByRole('region', { name: 'Send to client' });
    await composer.getByRole('textbox', { name: 'Message', exact: true }).fill('hello peer');
    await composer.getByRole('button', { name: 'Send' }).click();
    await expect(composer.getByRole('status')).toHaveText('Sent 10 bytes');
    await expect.poll(() => replies).toContain('hello peer');
  } finally {
    peer.close();
  }
});
