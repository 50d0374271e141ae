// Sets up the scene the README shows — a port with a few real clients, one selected — checks it
// renders, and saves the screenshot. `UPDATE_SCREENSHOT=1 npm run test:e2e` refreshes
// docs/screenshot.png; otherwise it goes to test-results/ only.
import { test, expect } from '@playwright/test';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  await server.stop();
});

test('the README screenshot scene renders', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 820 });
  await page.goto(server.url);
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByLabel('Port').fill('0');
  await form.getByRole('button', { name: 'Suggest a free port' }).click();
  await expect(form.getByLabel('Port')).not.toHaveValue('0');
  const port = Number(await form.getByLabel('Port').inputValue());
  await form.getByRole('button', { name: 'Open port' }).click();
  await expect(page.getByRole('button', { name: `Close port ${port}` })).toBeVisible();

  // A real HTTP client (it will wait for a reply that a capture port never sends).
  const http = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/webhooks/orders?attempt=1',
    headers: { 'content-type': 'application/json', 'user-agent': 'shop-sdk/2.4.1' },
  });
  http.on('error', () => {});
  const httpClientPort = new Promise<number>((resolve) =>
    http.on('socket', (socket) => socket.on('connect', () => resolve(socket.localPort ?? 0))),
  );
  http.end(
    JSON.stringify({ event: 'order.created', id: 'ord_8412', total: 129.5, currency: 'EUR' }),
  );

  const binary = await openClient(port);
  await send(
    binary,
    Uint8Array.from([0x10, 0x1a, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c]),
  );
  const text = await openClient(port);
  await send(text, 'PING\r\n');
  text.end();

  const grid = page.getByRole('grid', { name: 'Connections' });
  await expect(grid.getByRole('row')).toHaveCount(4); // header + three connections
  const httpRow = grid.getByRole('row').filter({ hasText: `127.0.0.1:${await httpClientPort}` });
  await httpRow.click();
  const payload = page.getByRole('region', { name: 'Payload' });
  await expect(payload).toContainText('POST /webhooks/orders?attempt=1 HTTP/1.1');
  await expect(payload).toContainText('order.created');

  const target = process.env.UPDATE_SCREENSHOT
    ? fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url))
    : test.info().outputPath('screenshot.png');
  await page.screenshot({ path: target });
  http.destroy();
  binary.destroy();
});
