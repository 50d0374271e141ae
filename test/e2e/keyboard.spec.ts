// Keyboard first, on the real UI against `porthole serve`: every shortcut the sheet lists does
// what it says (one step each, and a shortcut without a step fails the test), the command
// palette finds an action and a port, single keys leave typed text alone, the skip link and F6
// reach the panes, and closing or removing a port by keyboard moves focus on instead of losing
// it (or leaving it on a toggle a second Enter would flip back).
import type { Socket } from 'node:net';
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

const grid = (page: Page) => page.getByRole('grid', { name: 'Connections' });
/**
 * The row of a client, by the port it connected from; read while the socket is open (a closed
 * socket forgets it), so keep the locator rather than calling this again after.
 */
const rowOf = (page: Page, client: Socket) =>
  grid(page)
    .getByRole('row')
    .filter({ hasText: `:${client.localPort ?? 0}` })
    .last();
const portField = (page: Page) =>
  page.getByRole('form', { name: 'Open a port' }).getByLabel('Port', { exact: true });

/** Nothing focused: single-key shortcuts are live (no text field has the keys). */
async function rest(page: Page): Promise<void> {
  await page.evaluate(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement) active.blur();
  });
}

/** The ids of the rows of the shortcuts sheet, opened with `?`. */
async function sheetIds(page: Page): Promise<string[]> {
  await rest(page);
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  const ids = await sheet
    .locator('tr[data-shortcut]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-shortcut') ?? ''));
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  return ids;
}

/** Which pane (data-pane) has focus, or '' for none. */
const focusedPane = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.closest<HTMLElement>('[data-pane]')?.dataset.pane ?? '',
  );

interface World {
  readonly page: Page;
  readonly port: number;
  /** An HTTP client (so the Decoded tab is offered) and a plain one, both still open. */
  readonly http: Socket;
  readonly plain: Socket;
}

type Step = (w: World) => Promise<void>;

/** One step per shortcut, in an order that lets each use what the ones before left. */
const STEPS: Readonly<Record<string, Step>> = {
  'shortcuts-sheet': async ({ page }) => {
    await rest(page);
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  },
  'command-palette': async ({ page }) => {
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette.getByRole('combobox', { name: 'Find an action or a port' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
  },
  'next-pane': async ({ page }) => {
    await rest(page);
    await page.keyboard.press('F6');
    const first = await focusedPane(page);
    expect(first).not.toBe('');
    await page.keyboard.press('F6');
    const second = await focusedPane(page);
    expect(second).not.toBe('');
    expect(second).not.toBe(first);
  },
  'previous-pane': async ({ page }) => {
    await rest(page);
    await page.keyboard.press('F6');
    const first = await focusedPane(page);
    await page.keyboard.press('F6');
    await page.keyboard.press('Shift+F6');
    expect(await focusedPane(page)).toBe(first);
  },
  'toggle-theme': async ({ page }) => {
    const html = page.locator('html');
    // The page starts on the system theme, light here: the first toggle goes dark.
    await page.keyboard.press('Control+Shift+D');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.keyboard.press('Control+Shift+D');
    await expect(html).toHaveAttribute('data-theme', 'light');
  },
  'open-port': async ({ page }) => {
    // From a folded form too: the shortcut unfolds it.
    const fold = page.getByRole('button', { name: 'Open a port', exact: true });
    await fold.click();
    await expect(fold).toHaveAttribute('aria-expanded', 'false');
    await rest(page);
    await page.keyboard.press('Control+Shift+O');
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await expect(portField(page)).toBeFocused();
  },
  'focus-filter': async ({ page }) => {
    await rest(page);
    await page.keyboard.press('/');
    await expect(page.getByRole('searchbox', { name: 'Client address' })).toBeFocused();
  },
  'next-connection': async ({ page, http, plain }) => {
    await rest(page);
    // The list shows only this port's two connections (the http one first), nothing selected.
    await page.keyboard.press('j');
    await expect(rowOf(page, http)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('j');
    await expect(rowOf(page, plain)).toHaveAttribute('aria-selected', 'true');
  },
  'previous-connection': async ({ page, http, plain }) => {
    await rest(page);
    await page.keyboard.press('k');
    await expect(rowOf(page, http)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Alt+ArrowDown');
    await expect(rowOf(page, plain)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Alt+ArrowUp');
    await expect(rowOf(page, http)).toHaveAttribute('aria-selected', 'true');
  },
  'open-payload': async ({ page, http }) => {
    await rowOf(page, http).click();
    await page.getByRole('tab', { name: 'Text' }).click();
    await grid(page).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Conversation as text' })).toBeFocused();
  },
  'payload-hex': async ({ page }) => {
    await page.keyboard.press('Alt+2');
    await expect(page.getByRole('tab', { name: 'Hex' })).toHaveAttribute('aria-selected', 'true');
  },
  'payload-text': async ({ page }) => {
    await page.keyboard.press('Alt+1');
    await expect(page.getByRole('tab', { name: 'Text' })).toHaveAttribute('aria-selected', 'true');
  },
  'payload-decoded': async ({ page }) => {
    await page.keyboard.press('Alt+3');
    await expect(page.getByRole('tab', { name: 'Decoded' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await page.keyboard.press('Alt+1');
  },
  find: async ({ page }) => {
    // From the connections list: the find bar opens with its field focused.
    await grid(page).focus();
    await page.keyboard.press('Control+f');
    const find = page.getByRole('region', { name: 'Find in payload' });
    await expect(find.getByRole('textbox', { name: 'Find' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(find).toBeHidden();
  },
  'close-connection': async ({ page, http }) => {
    const row = rowOf(page, http);
    await row.click();
    await rest(page);
    const ended = new Promise<void>((resolve) => http.once('end', resolve));
    await page.keyboard.press('Delete');
    const ask = page.getByRole('alertdialog', { name: /^Close connection #\d+\?$/ });
    await expect(ask).toBeVisible();
    // Enter alone is Cancel; the key again confirms.
    await page.keyboard.press('Delete');
    await expect(ask).toBeHidden();
    await ended;
    await expect(row).toContainText('closed');
  },
  'reset-connection': async ({ page, plain }) => {
    const row = rowOf(page, plain);
    await row.click();
    await rest(page);
    const reset = new Promise<string>((resolve) =>
      plain.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? '')),
    );
    await page.keyboard.press('Shift+Delete');
    const ask = page.getByRole('alertdialog', { name: /^Reset connection #\d+\?$/ });
    await expect(ask).toBeVisible();
    await page.keyboard.press('Shift+Delete');
    await expect(ask).toBeHidden();
    expect(await reset).toBe('ECONNRESET');
    await expect(row).toContainText('closed');
  },
  'clear-history': async ({ page }) => {
    await rest(page);
    await page.keyboard.press('Control+Shift+Delete');
    const ask = page.getByRole('alertdialog', { name: 'Clear history?' });
    await expect(ask).toBeVisible();
    await page.keyboard.press('Control+Shift+Delete');
    await expect(ask).toBeHidden();
    // Both connections of this port were closed: the list (filtered to it) is empty.
    await expect(grid(page).getByRole('row')).toHaveCount(1);
  },
  import: async ({ page }) => {
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Control+o');
    expect((await chooser).isMultiple()).toBe(false);
  },
  export: async ({ page }) => {
    await page.keyboard.press('Control+Shift+E');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  },
  captures: async ({ page }) => {
    await page.keyboard.press('Control+Shift+L');
    const dialog = page.getByRole('dialog', { name: 'Captures' });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  },
};

test('every shortcut in the sheet does what it says', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  // Only this port's connections, so "next" and "previous" know their rows.
  await page.getByRole('button', { name: `Filter connections by port ${port}` }).click();
  const http = await openClient(port);
  await send(http, 'GET /keyboard HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await expect(rowOf(page, http)).toContainText('HTTP');
  const plain = await openClient(port);
  plain.on('error', () => undefined);
  await send(plain, 'hello\n');
  await expect(rowOf(page, plain)).toBeVisible();

  // The sheet lists exactly the shortcuts there are steps for: a new one needs its step.
  const listed = await sheetIds(page);
  expect([...listed].sort()).toEqual(Object.keys(STEPS).sort());
  const world: World = { page, port, http, plain };
  // In STEPS' order, not the sheet's: ending the connections comes after using them.
  for (const [id, step] of Object.entries(STEPS)) await test.step(id, () => step(world));
  http.destroy();
  plain.destroy();
});

test('controls name their shortcut in the tooltip and aria-keyshortcuts', async ({ page }) => {
  await page.goto(await server.link());
  const exportButton = page.getByRole('button', { name: 'Export…' });
  await expect(exportButton).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+E');
  await expect(exportButton).toHaveAttribute('title', /\(Ctrl\+Shift\+E\)$/);
  const port = await openSuggestedPort(page);
  const client = await openClient(port);
  await send(client, 'hi\n');
  await rowOf(page, client).click();
  await expect(page.getByRole('tab', { name: 'Hex' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Alt+2',
  );
  await expect(page.getByRole('button', { name: 'Close connection' })).toHaveAttribute(
    'title',
    /\(Del\)$/,
  );
  client.destroy();
});

test('the command palette finds an action and a port', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  await grid(page).focus();

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const box = palette.getByRole('combobox', { name: 'Find an action or a port' });
  await box.fill('dark theme');
  const first = palette.getByRole('option').first();
  await expect(first).toContainText('Switch between light and dark theme');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute(
    'aria-activedescendant',
    (await first.getAttribute('id')) ?? '',
  );
  await box.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Focus went back where it was.
  await expect(grid(page)).toBeFocused();

  await page.keyboard.press('Control+k');
  await box.fill(String(port));
  const option = palette.getByRole('option', { name: new RegExp(`Port .*:${port}\\b`) });
  await expect(option).toBeVisible();
  await expect(palette.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(palette).toBeHidden();
  // The list shows that port's connections, with focus in it.
  await expect(
    page.getByRole('combobox', { name: 'Filter by port' }).locator('option:checked'),
  ).toHaveText(new RegExp(`:${port}$`));
  await expect(grid(page)).toBeFocused();

  // An action with no key of its own: Reset layout puts a moved splitter back.
  const splitter = page.getByRole('separator', { name: 'Ports panel width' });
  const initial = await splitter.getAttribute('aria-valuenow');
  await splitter.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(splitter).not.toHaveAttribute('aria-valuenow', initial ?? '');
  await page.keyboard.press('Control+k');
  await box.fill('reset layout');
  await expect(palette.getByRole('option').first()).toContainText('Reset layout');
  await box.press('Enter');
  await expect(splitter).toHaveAttribute('aria-valuenow', initial ?? '');

  // Nothing matches: said so, and Enter does nothing.
  await page.keyboard.press('Control+k');
  await box.fill('zzzzqqq');
  await expect(palette.getByRole('status')).toHaveText('No action or port matches “zzzzqqq”.');
  await box.press('Escape');
  await expect(palette).toBeHidden();
});

test('single keys leave typed text alone', async ({ page }) => {
  await page.goto(await server.link());
  const address = page.getByRole('searchbox', { name: 'Client address' });
  await address.click();
  await page.keyboard.type('j?/k');
  await expect(address).toHaveValue('j?/k');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('the skip link reaches the connections in one Tab', async ({ page }) => {
  await page.goto(await server.link());
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to connections' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(grid(page)).toBeFocused();
});

test('closing or removing a port by keyboard moves focus to the next entry', async ({ page }) => {
  await page.goto(await server.link());
  const first = await openSuggestedPort(page);
  const second = await openSuggestedPort(page);
  const entry = (port: number) =>
    page.getByRole('listitem', { name: new RegExp(`^Port .*:${port}$`) });

  await page.getByRole('button', { name: `Close port ${first}` }).focus();
  await page.keyboard.press('Enter');
  await expect(entry(second)).toBeFocused();
  await expect(page.getByRole('button', { name: `Open port ${first}` })).toBeVisible();
  // Focus is visible where it landed.
  const outline = await entry(second).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  // A second Enter reopens nothing.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: `Open port ${first}` })).toBeVisible();
  await expect(page.getByRole('button', { name: `Close port ${second}` })).toBeVisible();

  // The last entry: focus goes to the one before it.
  await page.getByRole('button', { name: `Close port ${second}` }).focus();
  await page.keyboard.press('Enter');
  await expect(entry(first)).toBeFocused();

  // Removing: the entry goes, focus goes to its neighbour.
  await page.getByRole('button', { name: `Remove port ${first}` }).focus();
  await page.keyboard.press('Enter');
  await expect(entry(first)).toHaveCount(0);
  await expect(entry(second)).toBeFocused();
});

test('with no other port left, focus goes to the open-port form', async ({ page }) => {
  const own = await startPortholeServer();
  try {
    await page.goto(await own.link());
    const port = await openSuggestedPort(page);
    await page.getByRole('button', { name: `Close port ${port}` }).focus();
    await page.keyboard.press('Enter');
    await expect(portField(page)).toBeFocused();
    await page.getByRole('button', { name: `Remove port ${port}` }).focus();
    await page.keyboard.press('Enter');
    await expect(portField(page)).toBeFocused();
  } finally {
    await own.stop();
  }
});
