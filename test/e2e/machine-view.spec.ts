// The machine view in real Chromium against the real engine: services this test starts on
// 127.0.0.1 and on every interface are listed with this test's pid and the right exposure; "Put
// Porthole in front" opens a relay near the service, says where to point the client, and a real
// client through it is recorded like any relay's; Porthole's own port is marked as Porthole's.
import { test, expect } from '@playwright/test';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;
const services: Server[] = [];

/** A service that answers each chunk with "ok:<chunk>", listening on `host`. */
async function startService(host: string): Promise<number> {
  const service = createServer((socket) => {
    socket.on('data', (chunk) => socket.write(`ok:${chunk.toString('latin1')}`));
    socket.on('error', () => undefined);
  });
  services.push(service);
  service.listen(0, host);
  await once(service, 'listening');
  const address = service.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  for (const service of services) service.close();
  expect(await server.stop()).toBe(0);
});

test.skip(process.platform !== 'linux', 'the machine view test runs where /proc is readable');

test('list this machine’s listeners and put Porthole in front of one', async ({ page }) => {
  const loopbackPort = await startService('127.0.0.1');
  const exposedPort = await startService('0.0.0.0');
  await page.goto(await server.link());
  await page.getByRole('button', { name: 'Machine' }).click();
  await page.getByRole('menuitem', { name: 'This machine’s ports…' }).click();
  const dialog = page.getByRole('dialog', { name: 'This machine' });
  const table = dialog.getByRole('table', { name: 'Listening sockets on this machine' });
  const rowOf = (address: string) =>
    table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: address }) });

  const loopback = rowOf(`127.0.0.1:${loopbackPort}`);
  await expect(loopback).toContainText(`node (${process.pid})`);
  await expect(loopback).toContainText('Loopback only');
  const exposed = rowOf(`0.0.0.0:${exposedPort}`);
  await expect(exposed).toContainText('All interfaces');
  await expect(exposed).toContainText('other machines on your networks can reach this');

  // Filters: a port alone finds that port only; "exposed" hides loopback services.
  const filter = dialog.getByRole('searchbox', { name: 'Filter by port, process or address' });
  await filter.fill(String(loopbackPort));
  await expect(loopback).toBeVisible();
  await expect(exposed).toBeHidden();
  await filter.fill('');
  await dialog
    .getByRole('combobox', { name: 'Exposure' })
    .selectOption({ label: 'Exposed beyond this machine' });
  await expect(exposed).toBeVisible();
  await expect(loopback).toBeHidden();
  await dialog.getByRole('combobox', { name: 'Exposure' }).selectOption({ label: 'Any exposure' });

  if (process.env.UPDATE_SCREENSHOT === '1') {
    await page.setViewportSize({ width: 1280, height: 800 });
    await filter.fill('node');
    await dialog.screenshot({ path: 'docs/machine-view.png' });
    await filter.fill('');
  }

  // Put Porthole in front of the loopback service and use the address it gives.
  await loopback.getByRole('button', { name: 'Put Porthole in front' }).click();
  const fronted = dialog.getByRole('status').filter({ hasText: 'Porthole now relays' });
  await expect(fronted).toContainText(`→ 127.0.0.1:${loopbackPort}`);
  const text = (await fronted.textContent()) ?? '';
  const relayPort = Number(/Point your client at localhost:(\d+)/.exec(text)?.[1]);
  expect(relayPort).toBeGreaterThan(loopbackPort);

  // The next refresh lists the relay as Porthole's own port.
  const own = rowOf(`127.0.0.1:${relayPort}`);
  await expect(own).toContainText('Porthole');
  await expect(own.getByRole('button', { name: 'Show its traffic' })).toBeVisible();

  const client = await openClient(relayPort, '127.0.0.1');
  const answer = once(client, 'data');
  await send(client, 'ping');
  expect(String((await answer)[0])).toBe('ok:ping');
  // …and the connection to the relay is counted, with this test as its client.
  const connections = own.getByRole('button', { name: /1 connections to/ });
  await connections.click();
  await expect(
    dialog.getByRole('list', { name: `Connections to 127.0.0.1:${relayPort}` }),
  ).toContainText(`pid ${process.pid}`);

  await fronted.getByRole('button', { name: 'Show its traffic' }).click();
  await expect(dialog).toBeHidden();
  const grid = page.getByRole('grid', { name: 'Connections' });
  const row = grid.getByRole('row').filter({ hasText: `:${client.localPort}` });
  await expect(row).toContainText('relay');
  await expect(row).toContainText('4 B');
  await expect(row).toContainText('7 B');
  client.end();
});

test('diagnose a listed service from its row', async ({ page }) => {
  const servicePort = await startService('127.0.0.1');
  await page.goto(await server.link());
  await page.getByRole('button', { name: 'Machine' }).click();
  await page.getByRole('menuitem', { name: 'This machine’s ports…' }).click();
  const machine = page.getByRole('dialog', { name: 'This machine' });
  await machine
    .getByRole('button', { name: `Diagnose a connection to 127.0.0.1:${servicePort}` })
    .click();
  await expect(machine).toBeHidden();
  const dialog = page.getByRole('dialog', { name: 'Diagnose a connection' });
  await expect(dialog.getByRole('textbox', { name: 'Target' })).toHaveValue(
    `127.0.0.1:${servicePort}`,
  );
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(dialog.getByRole('region', { name: 'Verdict' })).toContainText(
    `Reachable: 127.0.0.1:${servicePort}`,
  );
});
