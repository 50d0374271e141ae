// Diagnose a connection in real Chromium against the real engine (browser mode): a real HTTP
// server on 127.0.0.1 answers 500 at /health; the dialog says it is a server error, with the
// next step, and lists each step with its result and time.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { startPortholeServer, type RunningServer } from './support/porthole-server';

let server: RunningServer;
let health: Server;
let port: number;

test.beforeAll(async () => {
  server = await startPortholeServer();
  health = createServer((req, res) => {
    res.statusCode = req.url === '/health' ? 500 : 200;
    res.setHeader('Content-Type', 'text/plain');
    res.end('database unavailable');
  });
  health.listen(0, '127.0.0.1');
  await once(health, 'listening');
  port = (health.address() as AddressInfo).port;
});

test.afterAll(async () => {
  health.close();
  expect(await server.stop()).toBe(0);
});

test('diagnose an HTTP target that answers 500: the verdict, its next step and the steps', async ({
  page,
}) => {
  await page.goto(await server.link());
  await page.getByRole('button', { name: 'Machine' }).click();
  await page.getByRole('menuitem', { name: 'Diagnose a connection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Diagnose a connection' });
  await dialog.getByRole('textbox', { name: 'Target' }).fill(`http://127.0.0.1:${port}/health`);
  // The URL decides TLS: http:// does no handshake, and the box says so.
  await expect(dialog.getByRole('checkbox', { name: 'TLS handshake' })).toBeDisabled();
  await expect(dialog.getByRole('checkbox', { name: 'TLS handshake' })).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Run' }).click();

  const verdict = dialog.getByRole('region', { name: 'Verdict' });
  await expect(verdict).toContainText('The server answered HTTP/1.1 500 Internal Server Error');
  await expect(verdict).toContainText('a server error');
  await expect(verdict).toContainText('Next step:');

  const steps = dialog.getByRole('table', { name: 'Steps' });
  const row = (name: string | RegExp) =>
    steps.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await expect(row('Name resolution')).toContainText('An IP address');
  await expect(row('Listening')).toContainText(`(pid ${process.pid})`);
  await expect(row('TCP connect')).toContainText('Open');
  await expect(row('TCP connect')).toContainText(/\d+(\.\d)? ms/);
  await expect(row(/HTTP GET \/health/)).toContainText('HTTP/1.1 500 Internal Server Error');
  await expect(row(/HTTP GET \/health/)).toContainText('first byte after');
  await row(/HTTP GET \/health/)
    .getByText('Headers', { exact: true })
    .click();
  await expect(row(/HTTP GET \/health/).getByText('text/plain', { exact: true })).toBeVisible();

  if (process.env.UPDATE_SCREENSHOT === '1') {
    await page.setViewportSize({ width: 1280, height: 860 });
    await dialog.screenshot({ path: 'docs/diagnose.png' });
  }

  // A target off this machine is not checked until confirmed.
  await dialog.getByRole('textbox', { name: 'Target' }).fill('192.0.2.1:80');
  await dialog.getByRole('button', { name: 'Run' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('192.0.2.1:80 is not on this machine');
  await expect(alert.getByRole('button', { name: 'Check 192.0.2.1:80 anyway' })).toBeVisible();
  await expect(verdict).toBeHidden();

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
