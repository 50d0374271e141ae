// The filter bar in real Chromium against the real engine: payload search (text and hex, run in
// the engine), client address, state and min size narrow the grid; clearing brings every row back.
import { test, expect } from '@playwright/test';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('filter connections by payload, address, state and size', async ({ page }) => {
  // The window's default size, where the search's progress was once drawn 0 px wide.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const clientPorts: number[] = [];
  for (let i = 0; i < 12; i++) {
    const client = await openClient(port);
    clientPorts.push(client.localPort ?? 0);
    const body =
      i % 4 === 0 ? `GET /needle-${i} HTTP/1.1\r\n\r\n` : `hello ${i} ${'x'.repeat(i * 200)}`;
    await send(client, body);
    if (i % 2 === 0) client.end();
  }
  const grid = page.getByRole('grid', { name: 'Connections' });
  const rows = grid.getByRole('row').filter({ hasText: '127.0.0.1:' });
  await expect(rows).toHaveCount(12);

  const bar = page.getByRole('search', { name: 'Filter connections' });
  const payload = bar.getByRole('searchbox', { name: 'Payload contains' });
  await payload.fill('needle');
  await expect(bar.getByRole('status')).toContainText('3 matches');
  await expect(rows).toHaveCount(3);
  // Readable, not squeezed to nothing by the fields around it.
  const progressWidth = (await bar.getByRole('status').boundingBox())?.width ?? 0;
  expect(progressWidth).toBeGreaterThan(100);

  // The same bytes as hex: "needle".
  await bar.getByRole('radio', { name: 'Hex' }).check();
  await payload.fill('6e 65 65 64 6c 65');
  await expect(bar.getByRole('status')).toContainText('3 matches');
  await payload.fill('');
  await expect(rows).toHaveCount(12);

  await bar.getByRole('searchbox', { name: 'Client address' }).fill(`:${clientPorts[5]}`);
  await expect(rows).toHaveCount(1);
  await bar.getByRole('searchbox', { name: 'Client address' }).fill('');

  await bar.getByRole('combobox', { name: 'State' }).selectOption({ label: 'Open only' });
  await expect(rows).toHaveCount(6);
  await bar.getByRole('textbox', { name: 'Min size' }).fill('1k');
  // Open (odd i) with at least 1 KiB: i = 7, 9, 11 send 1,400+ bytes; i = 5 sends 1,008.
  await expect(rows).toHaveCount(3);

  await bar.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(12);
});
