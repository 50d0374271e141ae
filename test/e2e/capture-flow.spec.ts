// The core flow a new user tries, in real Chromium against the real engine in browser mode:
// open a port by clicking, connect a raw TCP client, watch the connection and its bytes appear
// live as text and hex, then close the port by clicking and check it no longer accepts.
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { listenOnLoopback, openClient, send, tryConnect } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('open a port, see text and binary arrive live, close the port', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const item = page.getByRole('listitem', { name: `Port localhost:${port}` });
  await expect(item).toContainText('open');

  const client = await openClient(port);
  const clientPort = client.localPort;
  await send(client, 'hello porthole\r\n');

  const grid = page.getByRole('grid', { name: 'Connections' });
  const row = grid.getByRole('row').filter({ hasText: `127.0.0.1:${clientPort}` });
  await expect(row).toBeVisible();
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');

  const payload = page.getByRole('region', { name: 'Payload' });
  await payload.getByRole('tab', { name: 'Text' }).click();
  await expect(payload).toContainText('hello porthole');
  await expect(payload).toContainText('client → port');

  // Binary bytes arrive while the connection is selected: the view updates live.
  await send(client, Uint8Array.from([0x00, 0x01, 0xfe, 0xff, 0x41, 0x42]));
  await expect(payload).toContainText('\\x00');
  await payload.getByRole('tab', { name: 'Hex' }).click();
  await expect(payload).toContainText('68 65 6c 6c 6f');
  await expect(payload).toContainText('00 01 fe ff 41 42');

  const status = page.getByRole('status', { name: 'Status' });
  await expect(status).toHaveAttribute('data-bytes-received', String(16 + 6));

  // Close the port with one click: the client is ended, the port refuses, the row stays.
  const clientClosed = once(client, 'close');
  await page.getByRole('button', { name: `Close port ${port}` }).click();
  await expect(page.getByRole('button', { name: `Open port ${port}` })).toBeVisible();
  await clientClosed;
  expect(await tryConnect(port)).toBe('ECONNREFUSED');
  await expect(row).toBeVisible();
  await expect(row).toContainText('port closed');
});

test('a port held by another program shows the error next to that port', async ({ page }) => {
  const holder: Server = createServer();
  const heldPort = await listenOnLoopback(holder);
  try {
    await page.goto(await server.link());
    const form = page.getByRole('form', { name: 'Open a port' });
    await form.getByLabel('Port', { exact: true }).fill(String(heldPort));
    await form.getByRole('button', { name: 'Open port' }).click();
    const item = page.getByRole('listitem', { name: `Port localhost:${heldPort}` });
    const alert = item.getByRole('alert');
    await expect(alert).toContainText('already in use');
    // Who holds it: this test's own process (Linux tells us through /proc).
    if (process.platform === 'linux') {
      await expect(alert.getByRole('list', { name: 'Held by' })).toContainText(
        `pid ${process.pid}`,
      );
      // A long command line is cut to one line; a click shows all of it.
      const command = alert.getByRole('button', { name: /^Command line: / });
      await expect(command).toHaveAttribute('aria-expanded', 'false');
      await command.click();
      await expect(command).toHaveAttribute('aria-expanded', 'true');
    }
    await expect(alert.getByRole('button', { name: /^Use port \d+ instead$/ })).toBeVisible();
  } finally {
    holder.close();
  }
  // The holder is gone: retrying the failed port with one click now opens it.
  await page.getByRole('button', { name: `Open port ${heldPort}` }).click();
  await expect(page.getByRole('button', { name: `Close port ${heldPort}` })).toBeVisible();
  expect(await tryConnect(heldPort)).toBe('connected');
  // The error was the item's: it does not come back, stale, under the form.
  await expect(page.getByRole('form', { name: 'Open a port' }).getByRole('alert')).toHaveCount(0);
});

test('a newly opened port is scrolled into view and highlighted, however long the list', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(await server.link());
  let port = 0;
  // More ports than the panel shows at once (earlier tests' ports are listed too).
  for (let i = 0; i < 7; i++) port = await openSuggestedPort(page);
  const entry = page.getByRole('listitem', { name: `Port localhost:${port}` });
  await expect(entry).toHaveAttribute('data-just-opened', 'true');
  await expect(entry).toBeInViewport();
  await expect(entry).not.toHaveAttribute('data-just-opened', 'true', { timeout: 5000 });
});

test('the form says when it keeps the last port’s behaviour for the next one', async ({ page }) => {
  await page.goto(await server.link());
  const form = page.getByRole('form', { name: 'Open a port' });
  const kind = form.getByRole('combobox', { name: 'Behaviour' });
  await kind.selectOption({ label: 'Echo' });
  const port = await openSuggestedPort(page);
  await expect(form.getByRole('note')).toHaveText(
    `Kept from port ${port}: the next port gets the same behaviour.`,
  );
  await kind.selectOption({ label: 'Capture' });
  await expect(form.getByRole('note')).toHaveCount(0);
});
