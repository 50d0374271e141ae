// Find in payload, encodings and copying a selection, on the real UI against `porthole serve`:
// a marker near the end of a 20 MB capture is found, scrolled to and marked; a UTF-16 payload
// reads as text once its encoding is chosen; a selection is copied as hex and saved as a file.
import { readFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  await server.stop();
});

const MARKER = 'PORTHOLE-MARKER-7f3a9c';

/** ~20 MB of text lines with MARKER once, near the end and inside one 4 KiB text segment. */
function bigPayload(): Buffer {
  const total = 20 * 1024 * 1024;
  const line = 'the quick brown fox jumps over the lazy dog 0123456789\n';
  const body = Buffer.alloc(total, line);
  const at = total - 3 * 4096 + 100;
  body.write(MARKER, at, 'latin1');
  return body;
}

/** Bytes the engine has received so far, over every connection. */
async function receivedTotal(page: Page): Promise<number> {
  const status = page.getByRole('status', { name: 'Status' });
  return Number((await status.getAttribute('data-bytes-received')) ?? 0);
}

/** Wait until the engine has received `total` bytes over every connection. */
async function waitReceived(page: Page, total: number) {
  const status = page.getByRole('status', { name: 'Status' });
  await expect(status).toHaveAttribute('data-bytes-received', String(total), {
    timeout: 30_000,
  });
}

async function selectConnection(page: Page, localPort: number, totalAfter: number) {
  // Every byte has reached the engine before the search starts.
  await waitReceived(page, totalAfter);
  const row = page
    .getByRole('grid', { name: 'Connections' })
    .getByRole('row')
    .filter({ hasText: `127.0.0.1:${localPort}` });
  await row.click();
  await expect(page.getByRole('region', { name: 'Conversation as text' })).toBeVisible();
}

test('find a marker near the end of 20 MB, mark it, and copy it as hex', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  const payload = bigPayload();
  const before = await receivedTotal(page);
  await send(client, payload);
  await selectConnection(page, client.localPort ?? 0, before + payload.length);

  const text = page.getByRole('region', { name: 'Conversation as text' });
  await text.focus();
  await page.keyboard.press('Control+f');
  const find = page.getByRole('region', { name: 'Find in payload' });
  const input = find.getByRole('textbox', { name: 'Find' });
  await expect(input).toBeFocused();
  await input.fill(MARKER);
  await input.press('Enter');
  await expect(find.getByRole('status')).toHaveText('1 of 1 in client → port', {
    timeout: 30_000,
  });

  // Scrolled there, and the matched bytes carry the current-match mark.
  const current = text.locator('.find-current');
  await expect(current).toHaveText(MARKER);
  await expect(current).toBeInViewport();

  // Nothing selected: the copy buttons say why they are disabled.
  const copyHex = page.getByRole('button', { name: 'Copy as hex' });
  await expect(copyHex).toBeDisabled();
  await expect(copyHex).toHaveAttribute('title', 'Select bytes in the Text or Hex view first');
  await current.evaluate((el) => document.getSelection()?.selectAllChildren(el));
  await expect(copyHex).toBeEnabled();
  const copyBox = await copyHex.boundingBox();
  await copyHex.click();
  const selectionTools = page.getByRole('group', { name: 'Copy or save selection' });
  await expect(selectionTools.getByRole('status')).toHaveText(`Copied ${MARKER.length} bytes`);
  // The feedback must not move the buttons under the pointer.
  expect(await copyHex.boundingBox()).toEqual(copyBox);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(
    [...Buffer.from(MARKER)].map((b) => b.toString(16).padStart(2, '0')).join(' '),
  );

  // Save…: the same bytes as a file, cut from the middle of the payload by the engine.
  const downloading = page.waitForEvent('download');
  await selectionTools.getByRole('button', { name: 'Save selection to a file' }).click();
  const saved = await readFile(await (await downloading).path());
  expect(saved.toString('latin1')).toBe(MARKER);
  await expect(selectionTools.getByRole('status')).toHaveText(/^Downloading porthole-.*-bytes-/);

  // The hex view marks the same bytes.
  await page.getByRole('tab', { name: 'Hex' }).click();
  await page.getByRole('button', { name: 'Next match' }).click();
  const hex = page.getByRole('region', { name: 'Conversation as hex' });
  await expect(hex.locator('.hex-ascii .find-current').first()).toBeVisible();
  // Across rows and the column gap, the marked ASCII pieces together are the marker.
  await expect
    .poll(async () => (await hex.locator('.hex-ascii .find-current').allTextContents()).join(''))
    .toBe(MARKER);

  // A selection over the marked hex pairs, across rows and the gap, copies the marker's bytes.
  await hex.evaluate((root) => {
    const marked = root.querySelectorAll('.hex-bytes .find-current');
    const first = marked[0];
    const last = marked[marked.length - 1];
    if (!first || !last) return;
    const range = document.createRange();
    range.setStartBefore(first);
    range.setEndAfter(last);
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
  });
  await page.getByRole('button', { name: 'Copy as escaped string' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(MARKER);

  // Escape closes the bar and takes its marks away.
  await find.getByRole('textbox', { name: 'Find' }).press('Escape');
  await expect(find).toBeHidden();
  await expect(hex.locator('.find-current')).toHaveCount(0);
  client.destroy();
});

test('a UTF-16 payload reads as text with the UTF-16LE encoding', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  const message = 'Grüße aus UTF-16 ✓ 😀';
  const bytes = Buffer.from(message, 'utf16le');
  const before = await receivedTotal(page);
  await send(client, bytes);
  await selectConnection(page, client.localPort ?? 0, before + bytes.length);

  const text = page.getByRole('region', { name: 'Conversation as text' });
  await expect(text).toContainText('G\\x00r\\x00');
  await page.getByRole('combobox', { name: 'Encoding' }).selectOption('UTF-16LE');
  await expect(text).toContainText(message);

  // A selection of the decoded text maps back to every byte: copied as text it is the message,
  // as an escaped string it is the UTF-16 bytes.
  await text
    .locator('.seg-body')
    .first()
    .evaluate((el) => document.getSelection()?.selectAllChildren(el));
  await page.getByRole('button', { name: 'Copy as text' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(message);
  await page.getByRole('button', { name: 'Copy as escaped string' }).click();
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toMatch(/^G\\0r\\0\\xfc\\0/);
  await page.getByRole('combobox', { name: 'Encoding' }).selectOption('UTF-8');
  client.destroy();
});

test('find keeps up with a live connection and says when nothing matches', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  const before = await receivedTotal(page);
  await send(client, 'first NEEDLE\n');
  await selectConnection(page, client.localPort ?? 0, before + 13);

  await page.getByRole('region', { name: 'Conversation as text' }).focus();
  await page.keyboard.press('Control+f');
  const find = page.getByRole('region', { name: 'Find in payload' });
  const input = find.getByRole('textbox', { name: 'Find' });
  // It searches as you type: no Enter needed for the first match.
  await input.fill('NEEDLE');
  await expect(find.getByRole('status')).toHaveText('1 of 1 in client → port');

  await send(client, 'second NEEDLE\n');
  await waitReceived(page, before + 27);
  await input.press('Enter');
  await expect(find.getByRole('status')).toHaveText('2 of 2 in client → port');
  await input.press('Shift+Enter');
  await expect(find.getByRole('status')).toHaveText('1 of 2 in client → port');

  await input.fill('not there');
  await expect(find.getByRole('status')).toHaveText('No matches in client → port');
  client.destroy();
});

test('a Payload contains filter carries into the payload: its bytes are marked, focus stays put', async ({
  page,
}) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  const before = await receivedTotal(page);
  await send(client, 'hay hay CARRIED hay\n');
  await page.getByRole('searchbox', { name: 'Payload contains' }).fill('CARRIED');
  await selectConnection(page, client.localPort ?? 0, before + 20);
  const row = page.getByRole('grid', { name: 'Connections' }).getByRole('row', { selected: true });
  const find = page.getByRole('region', { name: 'Find in payload' });
  await expect(find.getByRole('textbox', { name: 'Find' })).toHaveValue('CARRIED');
  await expect(find.getByRole('status')).toHaveText('1 of 1 in client → port');
  await expect(
    page.getByRole('region', { name: 'Conversation as text' }).locator('.find-current'),
  ).toHaveText('CARRIED');
  // Opened by the app, not by the person: the grid keeps the focus the click gave it.
  await expect(find.getByRole('textbox', { name: 'Find' })).not.toBeFocused();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  client.destroy();
});
