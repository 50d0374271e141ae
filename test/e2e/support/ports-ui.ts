// The one way end-to-end specs and benchmarks open a port: through the real form, with the
// "Suggest a free port" button, as a user would. Returns the port that is now open.
import { expect, type Page } from '@playwright/test';

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
