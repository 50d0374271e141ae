// The Captures view and past captures, driven as a user would: from the header's button, by the
// accessible names the view gives its rows and actions.
import { expect, type Locator, type Page } from '@playwright/test';
import { once } from 'node:events';
import { openClient, send } from './tcp-client';

/** Open the Captures view from the header; returns the dialog, once its list is there. */
export async function openCapturesView(page: Page): Promise<Locator> {
  await page.getByRole('banner').getByRole('button', { name: 'Captures' }).click();
  const dialog = page.getByRole('dialog', { name: 'Captures' });
  await expect(dialog.getByRole('table', { name: 'Captures' })).toBeVisible();
  return dialog;
}

/** A client that connects, sends `text` and closes; resolves with its local port. */
export async function sendAndClose(port: number, text: string): Promise<number> {
  const client = await openClient(port);
  const clientPort = client.localPort ?? 0;
  await send(client, text);
  const closed = once(client, 'close');
  client.end();
  await closed;
  return clientPort;
}
