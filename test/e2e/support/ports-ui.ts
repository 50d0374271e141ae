// The one way end-to-end specs and benchmarks open a port: through the real form, with the
// "Suggest a free port" button, as a user would. Returns the port that is now open.
import { expect, type Locator, type Page } from '@playwright/test';

export async function openSuggestedPort(page: Page): Promise<number> {
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('button', { name: 'Suggest a free port' }).click();
  const portField = form.getByLabel('Port', { exact: true });
  await expect(portField).not.toHaveValue('');
  const port = Number(await portField.inputValue());
  await form.getByRole('button', { name: 'Open port' }).click();
  await expect(page.getByRole('button', { name: `Close port ${port}` })).toBeVisible();
  return port;
}

/**
 * Click the grid row of the client that connected from `clientPort`; returns the row. The
 * newest such row: the system may hand an earlier test's client the same ephemeral port, and
 * rows are in connection order.
 */
export async function selectConnection(page: Page, clientPort: number): Promise<Locator> {
  const row = page
    .getByRole('grid', { name: 'Connections' })
    .getByRole('row')
    .filter({ hasText: `:${clientPort}` })
    .last();
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  return row;
}

/** Open the behaviour editor of `port`; returns its form. */
export async function editBehaviour(page: Page, port: number): Promise<Locator> {
  await page.getByRole('button', { name: `Behaviour of port ${port}` }).click();
  return page.getByRole('form', { name: `Behaviour for port ${port}` });
}

/** Switch `port` to relay to 127.0.0.1:upstreamPort from its behaviour editor, as a user would. */
export async function relayFromUi(page: Page, port: number, upstreamPort: number): Promise<void> {
  const editor = await editBehaviour(page, port);
  await editor.getByRole('combobox', { name: 'Behaviour' }).selectOption({ label: 'Relay' });
  await editor.getByRole('textbox', { name: 'Upstream host' }).fill('127.0.0.1');
  await editor.getByRole('textbox', { name: 'Upstream port' }).fill(String(upstreamPort));
  await editor.getByRole('button', { name: 'Apply behaviour' }).click();
  await expect(editor.getByRole('status')).toHaveText('Applied — new connections get it');
}
