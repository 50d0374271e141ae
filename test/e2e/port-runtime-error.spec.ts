// An error on a port that stays open reaches the UI next to that port. Porthole runs with a low
// open-files limit and clients connect until every descriptor is taken: from then on new
// clients are turned away, and the port's entry must say so (with the limit and how to raise
// it) while it stays open and keeps what it captured.
import { test, expect } from '@playwright/test';
import type { Socket } from 'node:net';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { openClient } from './support/tcp-client';

const FD_LIMIT = 128;
let server: RunningServer;

test.skip(process.platform === 'win32', 'open-files limits are set with ulimit on POSIX');

test.beforeAll(async () => {
  server = await startPortholeServer(['--no-open'], { fdLimit: FD_LIMIT });
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('running out of file descriptors shows on the open port, which stays open', async ({
  page,
}) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const item = page.getByRole('listitem', { name: `Port localhost:${port}` });
  const alert = item.getByRole('alert');
  const clients: Socket[] = [];
  try {
    // Each connection holds one descriptor in Porthole's process until the limit is reached.
    for (let i = 0; i < FD_LIMIT && !(await alert.isVisible()); i++) {
      clients.push(await openClient(port));
    }
    await expect(alert).toContainText('run out of file descriptors');
    await expect(alert).toContainText(`its limit of ${FD_LIMIT} is reached`);
    await expect(alert).toContainText('ulimit -n');
    await expect(page.getByRole('button', { name: `Close port ${port}` })).toBeVisible();
    await expect(item).toContainText('open');
  } finally {
    for (const socket of clients) socket.destroy();
  }
  // Closing the port is still one click, and reopening it clears the error.
  await page.getByRole('button', { name: `Close port ${port}` }).click();
  await page.getByRole('button', { name: `Open port ${port}` }).click();
  await expect(page.getByRole('button', { name: `Close port ${port}` })).toBeVisible();
  await expect(alert).toHaveCount(0);
});
