// Replay from the inspector, in real Chromium against the real engine: edit what the client sent,
// send it again to the same port, and see the replay as a new connection linked to the original,
// with the port's own record of what arrived. A target off this machine asks for confirmation.
import { test, expect } from '@playwright/test';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort, selectConnection } from './support/ports-ui';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('replay an edited request to the same port and see the linked connection', async ({
  page,
}) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  const clientPort = client.localPort ?? 0;
  await send(client, 'GET /a HTTP/1.1\r\n');
  const grid = page.getByRole('grid', { name: 'Connections' });
  await expect(grid.getByRole('row').filter({ hasText: `:${clientPort}` })).toContainText('17 B');
  await send(client, 'Host: x\r\n\r\n');
  client.end();
  const original = await selectConnection(page, clientPort);
  await expect(original).toContainText('client closed');
  const originalId = (await original.getByRole('gridcell').first().textContent())?.trim() ?? '';
  // The Process column names the program that connected: this test's own process.
  await expect(original).toContainText(`(${process.pid})`);
  const programBadge = page
    .getByRole('region', { name: 'Payload' })
    .getByTitle(`Client program: node, pid ${process.pid}`, { exact: false });
  await expect(programBadge).toHaveText(`node (${process.pid})`);
  // …and the process filter finds it by pid.
  const filter = page.getByRole('search', { name: 'Filter connections' });
  await filter.getByRole('searchbox', { name: 'Process' }).fill(String(process.pid));
  await expect(original).toBeVisible();
  await filter.getByRole('searchbox', { name: 'Process' }).fill('no-such-program');
  await expect(original).toBeHidden();
  await filter.getByRole('button', { name: 'Clear filters' }).click();
  await original.click();

  const payload = page.getByRole('region', { name: 'Payload' });
  await payload.getByRole('button', { name: 'Replay…' }).click();
  const dialog = page.getByRole('dialog', { name: `Replay connection #${originalId}` });
  await expect(dialog).toContainText('2 writes');
  await dialog.getByRole('checkbox', { name: 'Edit the writes before sending' }).check();
  const first = dialog.getByRole('textbox', { name: 'Write 1 of 2' });
  await expect(first).toHaveValue('GET /a HTTP/1.1\\r\\n');
  await first.fill('GET /b HTTP/1.1\\r\\n');
  await dialog
    .getByRole('combobox', { name: 'Pacing' })
    .selectOption({ label: 'Take turns (wait for each answer)' });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.screenshot({ path: 'docs/replay-dialog.png' });
  }
  await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The replay is selected: linked to the original, sent to the same port, finished.
  const header = payload.locator('.payload-header');
  await expect(header).toContainText(`Replay of #${originalId}`);
  await expect(header).toContainText(`127.0.0.1:${port}`);
  await expect(header).toContainText('replay finished');
  const replayRow = grid.getByRole('row').filter({ hasText: `replay of #${originalId}` });
  await expect(replayRow).toHaveAttribute('aria-selected', 'true');
  await payload.getByRole('tab', { name: 'Text' }).click();
  await expect(payload).toContainText('GET /b HTTP/1.1');
  if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: 'docs/replay.png' });

  // Compare the replay with its original (the default partner): the edited request line shows
  // as the first difference and, decoded as HTTP, as a changed start line.
  await payload.getByRole('button', { name: 'Compare…' }).click();
  const compare = page.getByRole('dialog', { name: /^Compare #/ });
  await expect(compare.getByRole('textbox', { name: 'With connection #' })).toHaveValue(originalId);
  await compare.getByRole('button', { name: 'Compare', exact: true }).click();
  const panel = compare.getByRole('tabpanel', { name: 'Client → port' });
  await expect(panel).toContainText('First difference at byte 5');
  await expect(panel.getByRole('region', { name: 'Messages' })).toContainText('changed');
  await expect(panel.getByRole('region', { name: 'Messages' })).toContainText('/a');
  await expect(panel.getByRole('region', { name: 'Changes' })).toContainText('replaced by');
  if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: 'docs/compare.png' });
  await compare.getByRole('tab', { name: 'Port → client' }).click();
  await expect(compare.getByRole('tabpanel', { name: 'Port → client' })).toContainText('Identical');
  await compare.getByRole('button', { name: 'Close' }).click();
  await expect(compare).toBeHidden();

  // The port's own record of the connection the replay made: the edited bytes arrived.
  const replayClientPort = Number(
    /from 127\.0\.0\.1:(\d+)/.exec((await header.textContent()) ?? '')?.[1],
  );
  expect(replayClientPort).toBeGreaterThan(0);
  await selectConnection(page, replayClientPort);
  await expect(payload).toContainText('GET /b HTTP/1.1');
  await expect(payload).toContainText('Host: x');

  // Back to the original with the link in the replay's header.
  await replayRow.click();
  await header.getByRole('button', { name: `#${originalId}` }).click();
  await expect(original).toHaveAttribute('aria-selected', 'true');
});

test('a target off this machine needs an explicit confirmation', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  await send(client, 'ping\n');
  client.end();
  await selectConnection(page, client.localPort ?? 0);
  const payload = page.getByRole('region', { name: 'Payload' });
  await payload.getByRole('button', { name: 'Replay…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Replay connection #/ });
  // TEST-NET-1 (RFC 5737): refused before anything is sent.
  await dialog.getByRole('textbox', { name: 'Target host' }).fill('192.0.2.1');
  await dialog.getByRole('textbox', { name: 'Target port' }).fill('80');
  await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('192.0.2.1:80 is not on this machine');
  await expect(alert.getByRole('button', { name: 'Send to 192.0.2.1 anyway' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
