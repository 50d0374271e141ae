// Where the capture is kept shows in the status bar: how much is on disk, and, when the data
// folder cannot be used, a warning whose reason (with the folder) is one click away while
// capture goes on in memory.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortholeServer } from './support/porthole-server';
import { openSuggestedPort, selectConnection } from './support/ports-ui';
import { openClient, send } from './support/tcp-client';

test('a working data folder: the status bar shows the capture growing on disk', async ({
  page,
}) => {
  const server = await startPortholeServer();
  try {
    await page.goto(await server.link());
    const status = page.getByRole('status', { name: 'Status' });
    await expect(status).toContainText(/on disk/);
    const port = await openSuggestedPort(page);
    const client = await openClient(port);
    await send(client, Buffer.alloc(300_000, 0x61));
    await expect(status).toContainText(/29\d KiB on disk/);
    client.destroy();
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test('a data folder that cannot be used: a warning with the reason, capture goes on', async ({
  page,
}) => {
  const scratch = mkdtempSync(join(tmpdir(), 'porthole-e2e-blocked-'));
  const blocked = join(scratch, 'not-a-folder');
  writeFileSync(blocked, 'a file where the data folder should be');
  const server = await startPortholeServer([], { dataDir: blocked });
  try {
    await page.goto(await server.link());
    const warning = page.getByRole('button', { name: /not saved to disk/ });
    await expect(warning).toBeVisible();
    const port = await openSuggestedPort(page);
    const client = await openClient(port);
    await send(client, 'kept in memory');
    const row = await selectConnection(page, client.localPort ?? 0);
    await expect(row).toBeVisible();
    await expect(page.getByRole('region', { name: 'Payload' })).toContainText('kept in memory');
    await warning.click();
    const toast = page.getByRole('alert').filter({ hasText: 'not being saved to disk' });
    await expect(toast).toContainText('ENOTDIR');
    await expect(toast).toContainText('not-a-folder');
    await expect(toast).toContainText('Capture goes on in memory');
    client.destroy();
  } finally {
    expect(await server.stop()).toBe(0);
    rmSync(scratch, { recursive: true, force: true });
  }
});
