// Sets up the scene the README shows — an HTTP responder answering a webhook client (shown
// decoded), a relay in front of a Redis-like upstream, a UDP echo port, and a capture port with a
// binary client — checks it renders, and saves the screenshot. `UPDATE_SCREENSHOT=1 npm run test:e2e` refreshes
// docs/screenshot.png; otherwise it goes to test-results/ only.
import { test, expect, type Page } from '@playwright/test';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { listenOnLoopback, openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  await server.stop();
});

async function openWith(page: Page, protocol: 'TCP' | 'UDP', behaviour: string): Promise<number> {
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: protocol });
  await form.getByRole('combobox', { name: 'Behaviour' }).selectOption({ label: behaviour });
  return openSuggestedPort(page);
}

test('the README screenshot scene renders', async ({ page }) => {
  // A Redis-like upstream for the relay: answers PING with PONG.
  const upstream = createServer((socket) => {
    socket.on('data', () => socket.write('+PONG\r\n'));
  });
  const upstreamPort = await listenOnLoopback(upstream);

  await page.setViewportSize({ width: 1400, height: 1040 });
  await page.goto(await server.link());

  // Capture port with a binary client (an MQTT CONNECT), opened first so it sits at the bottom.
  const capturePort = await openWith(page, 'TCP', 'Capture');
  const binary = await openClient(capturePort);
  await send(
    binary,
    Uint8Array.from([0x10, 0x1a, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c]),
  );

  // UDP echo.
  const udpPort = await openWith(page, 'UDP', 'Echo');
  const peer = createSocket('udp4');
  peer.bind(0, '127.0.0.1');
  await once(peer, 'listening');
  peer.send('status?', udpPort, '127.0.0.1');

  // Relay in front of the upstream.
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('combobox', { name: 'Behaviour' }).selectOption({ label: 'Relay' });
  await form.getByRole('combobox', { name: 'Protocol' }).selectOption({ label: 'TCP' });
  await form.getByRole('textbox', { name: 'Upstream port' }).fill(String(upstreamPort));
  const relayPort = await openSuggestedPort(page);
  const redis = await openClient(relayPort);
  await send(redis, '*1\r\n$4\r\nPING\r\n');

  // HTTP responder answering a webhook sender.
  await form.getByRole('combobox', { name: 'Behaviour' }).selectOption({ label: 'HTTP responder' });
  await form.getByRole('textbox', { name: 'Status' }).fill('202');
  await form.getByRole('textbox', { name: 'Headers' }).fill('Content-Type: application/json');
  await form.getByRole('textbox', { name: 'Body', exact: true }).fill('{"received":true}');
  const httpPort = await openSuggestedPort(page);
  const response = new Promise<number>((resolve, reject) => {
    const http = request(
      {
        host: '127.0.0.1',
        port: httpPort,
        method: 'POST',
        path: '/webhooks/orders?attempt=1',
        headers: { 'content-type': 'application/json', 'user-agent': 'shop-sdk/2.4.1' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    http.on('error', reject);
    http.end(
      JSON.stringify({ event: 'order.created', id: 'ord_8412', total: 129.5, currency: 'EUR' }),
    );
  });
  expect(await response).toBe(202);

  const grid = page.getByRole('grid', { name: 'Connections' });
  await expect(grid.getByRole('row')).toHaveCount(5); // header + four connections
  const httpRow = grid.getByRole('row').filter({ hasText: 'HTTP' });
  await httpRow.click();
  const payload = page.getByRole('region', { name: 'Payload' });
  await expect(payload).toContainText('POST /webhooks/orders?attempt=1 HTTP/1.1');
  await expect(payload).toContainText('HTTP/1.1 202 Accepted');
  // The README shows the decoded exchange: request and response as messages, JSON pretty-printed.
  await payload.getByRole('tab', { name: 'Decoded' }).click();
  const messages = payload.getByRole('list', { name: 'Decoded messages' });
  await expect(messages).toContainText('POST /webhooks/orders?attempt=1 HTTP/1.1');
  await expect(messages).toContainText('"currency": "EUR"');
  await page
    .getByRole('form', { name: 'Open a port' })
    .getByRole('combobox', { name: 'Behaviour' })
    .selectOption({ label: 'Capture' });
  // …and the timeline of those connections above the list.
  await page.getByRole('button', { name: 'Traffic', exact: true }).click();
  await expect(page.getByRole('img', { name: /Timeline of 4 connections/ })).toBeVisible();

  const target = process.env.UPDATE_SCREENSHOT
    ? fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url))
    : test.info().outputPath('screenshot.png');
  await page.screenshot({ path: target });
  binary.destroy();
  redis.destroy();
  peer.close();
  upstream.close();
});
