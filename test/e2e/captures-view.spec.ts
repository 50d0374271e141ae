// Captures that last, in the UI: capture traffic, start a new capture, open the one before from
// the Captures view read-only with the same rows and bytes, rename it and delete it (after a
// confirmation that says what goes); and after a restart on the same data folder, open the last
// capture from the empty connections list.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCapturesView, sendAndClose } from './support/captures-ui';
import { startPortholeServer } from './support/porthole-server';
import { openSuggestedPort, selectConnection } from './support/ports-ui';

const MESSAGE = 'GET /checkout HTTP/1.1\r\nHost: shop.test\r\n\r\n';

/** The selected connection shows MESSAGE in the Text view, every byte of it counted. */
async function expectMessage(page: Page): Promise<void> {
  const payload = page.getByRole('region', { name: 'Payload' });
  await payload.getByRole('tab', { name: 'Text' }).click();
  await expect(payload).toContainText('GET /checkout HTTP/1.1');
  await expect(payload).toContainText('Host: shop.test');
  await expect(payload).toContainText(`client → port ${MESSAGE.length} B`);
}

test('open a past capture read-only, rename it, delete it', async ({ page }) => {
  const server = await startPortholeServer();
  try {
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    const clientPort = await sendAndClose(port, MESSAGE);
    await selectConnection(page, clientPort);
    await expectMessage(page);

    // A new capture: the port stays open, the closed connection leaves the live view.
    let dialog = await openCapturesView(page);
    await dialog.getByRole('button', { name: 'New capture' }).click();
    await expect(
      dialog.getByRole('status').filter({ hasText: 'New capture started' }),
    ).toBeVisible();
    const rows = dialog.getByRole('table', { name: 'Captures' }).locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('recording');
    const past = rows.nth(1);
    await expect(past).toContainText(/1\s*1\s*\d+ B/);
    await past.getByRole('button', { name: /^Open capture / }).click();
    await expect(dialog).toBeHidden();

    const banner = page.getByRole('region', { name: 'Past capture' });
    await expect(banner).toContainText(
      /Viewing the capture started today at \d\d:\d\d — read-only/,
    );
    await selectConnection(page, clientPort);
    await expectMessage(page);
    // Hex, and the searches, read the past capture too.
    const payload = page.getByRole('region', { name: 'Payload' });
    await payload.getByRole('tab', { name: 'Hex' }).click();
    await expect(payload).toContainText('47 45 54 20 2f 63');
    await page.getByRole('searchbox', { name: 'Payload contains' }).fill('shop.test');
    await expect(page.getByRole('status').filter({ hasText: '1 match' })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Payload contains' }).fill('');
    // Read-only: nothing that acts on ports or connections.
    await expect(page.getByRole('form', { name: 'Open a port' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Clear history' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: `Open port ${port}` })).toHaveCount(0);
    await expect(page.getByRole('button', { name: `Close port ${port}` })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Ports in this capture' })).toBeVisible();

    await banner.getByRole('button', { name: 'Back to live capture' }).click();
    await expect(banner).toBeHidden();
    await expect(page.getByRole('button', { name: `Close port ${port}` })).toBeVisible();
    await expect(
      page.getByRole('button', { name: /^Open it: your last capture, 1 connection/ }),
    ).toBeVisible();

    // Rename inline: Escape cancels (and keeps the dialog open), Enter saves.
    dialog = await openCapturesView(page);
    await rows
      .nth(1)
      .getByRole('button', { name: /^Rename capture 20\d\d-/ })
      .click();
    let field = dialog.getByRole('textbox', { name: /^New name for capture/ });
    await expect(field).toBeFocused();
    await field.fill('not this');
    await field.press('Escape');
    await expect(dialog).toBeVisible();
    await expect(dialog).not.toContainText('not this');
    const rename = rows.nth(1).getByRole('button', { name: /^Rename capture 20\d\d-/ });
    await expect(rename).toBeFocused();
    await rename.click();
    field = dialog.getByRole('textbox', { name: /^New name for capture/ });
    await field.fill('checkout flow');
    await field.press('Enter');
    await expect(rows.nth(1)).toContainText('checkout flow');
    await expect(
      dialog.getByRole('button', { name: 'Rename capture checkout flow' }),
    ).toBeFocused();

    // Escape closes the view and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('banner').getByRole('button', { name: 'Captures' })).toBeFocused();
    // The status bar's "… on disk" opens it too.
    const onDisk = page
      .getByRole('status', { name: 'Status' })
      .getByRole('button', { name: /on disk/ });
    await onDisk.click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close captures' }).click();
    await expect(dialog).toBeHidden();
    await expect(onDisk).toBeFocused();

    // Delete, after a confirmation that says exactly what goes.
    dialog = await openCapturesView(page);
    await dialog.getByRole('button', { name: 'Delete capture checkout flow' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete capture checkout flow?' });
    await expect(confirm).toContainText(
      /This deletes the capture checkout flow: 1 connection and [\d.]+ (B|KiB) on disk\. It cannot be undone\./,
    );
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Delete capture' }).click();
    await expect(confirm).toBeHidden();
    await expect(rows).toHaveCount(1);
    // Its row is gone with it: focus stays in the Captures view.
    await expect(dialog.getByRole('button', { name: 'Close captures' })).toBeFocused();
    await expect(dialog).not.toContainText('checkout flow');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test('after a restart, the last capture opens from the empty list with every byte', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'porthole-e2e-restart-'));
  try {
    const first = await startPortholeServer([], { dataDir });
    let clientPort = 0;
    try {
      await page.goto(await first.link());
      const port = await openSuggestedPort(page);
      clientPort = await sendAndClose(port, MESSAGE);
      await selectConnection(page, clientPort);
      await expectMessage(page);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startPortholeServer([], { dataDir });
    try {
      await page.goto(await second.link());
      const offer = page.getByRole('button', {
        name: /^Open it: your last capture, 1 connection, today at \d\d:\d\d/,
      });
      await offer.click();
      const banner = page.getByRole('region', { name: 'Past capture' });
      await expect(banner).toContainText('read-only');
      await expect(banner.getByRole('button', { name: 'Back to live capture' })).toBeFocused();
      await selectConnection(page, clientPort);
      await expectMessage(page);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('memory only: the Captures view says why there are none, and a new capture still starts', async ({
  page,
}) => {
  const server = await startPortholeServer(['--no-persist']);
  try {
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    const clientPort = await sendAndClose(port, MESSAGE);
    await selectConnection(page, clientPort);
    await page
      .getByRole('status', { name: 'Status' })
      .getByRole('button', { name: 'memory only' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Captures' });
    await expect(dialog.getByRole('alert')).toContainText('without a data folder');
    await expect(dialog.getByRole('table')).toHaveCount(0);
    await expect(dialog.getByRole('form', { name: 'Capture settings' })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'New capture' }).click();
    await expect(
      dialog.getByRole('status').filter({ hasText: 'New capture started' }),
    ).toBeVisible();
    await page.keyboard.press('Escape');
    // Closed connections leave the live view; the port stays open.
    await expect(
      page
        .getByRole('grid', { name: 'Connections' })
        .getByRole('row')
        .filter({ hasText: `:${clientPort}` }),
    ).toHaveCount(0);
    await expect(page.getByRole('button', { name: `Close port ${port}` })).toBeVisible();
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
