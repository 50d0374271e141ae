// Capture limits from the UI: a small per-connection limit truncates a connection visibly, with
// exact counts (captured + dropped = received), and raising it lets new connections keep all.
import { test, expect } from '@playwright/test';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  await server.stop();
});

test('a per-connection limit set in the UI truncates with exact counts', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);

  await page.getByRole('button', { name: 'Capture limits' }).click();
  const limits = page.getByRole('form', { name: 'Capture limits' });
  await limits.getByLabel('Per-connection limit (MiB)').fill('0.001'); // 1,049 bytes
  await limits.getByRole('button', { name: 'Apply limits' }).click();
  await expect(limits.getByRole('status')).toContainText('Limits applied');

  const client = await openClient(port);
  await send(client, 'x'.repeat(5000));
  const row = page
    .getByRole('grid', { name: 'Connections' })
    .getByRole('row')
    .filter({ hasText: `127.0.0.1:${client.localPort}` });
  await expect(row).toContainText('truncated');
  await row.click();
  const kept = Math.round(0.001 * 1024 * 1024); // the form rounds MiB to whole bytes
  const payload = page.getByRole('region', { name: 'Payload' });
  await expect(payload).toContainText(`${(5000 - kept).toLocaleString('en-US')} bytes not kept`);
  const status = page.getByRole('status', { name: 'Status' });
  await expect(status).toHaveAttribute('data-bytes-received', '5000');
  await expect(status.getByRole('button', { name: /truncated/ })).toBeVisible();
  client.destroy();
});
