// The window fits at every size, in both themes: nothing scrolls the page sideways, the list of
// ports and the selected connection's payload are in view. The splitters move by keyboard and
// by mouse, sizes and column choices survive a reload, and "Reset layout" brings back the
// defaults. Screenshots go to LAYOUT_SHOTS (e.g. /tmp/layout-shots) when it is set.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort, selectConnection } from './support/ports-ui';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const SIZES = [
  { width: 720, height: 480 },
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  // 1280×800 at 200 % zoom: half the CSS pixels, each drawn twice.
  { width: 640, height: 400, zoom: 2 },
] as const;

function shotPath(name: string): string {
  const dir = process.env.LAYOUT_SHOTS;
  if (!dir) return test.info().outputPath(name);
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** A port with relay and faults chosen in the form (its tallest), and one captured request. */
async function sceneWithTraffic(page: Page): Promise<{ port: number; row: Locator }> {
  const port = await openSuggestedPort(page);
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('combobox', { name: 'Behaviour' }).selectOption({ label: 'Relay' });
  await expect(form.getByRole('group', { name: 'Faults' })).toBeAttached();
  const client = await openClient(port);
  await send(client, 'GET /layout-check HTTP/1.1\r\nHost: localhost\r\n\r\n');
  client.end();
  const row = await selectConnection(page, client.localPort ?? 0);
  return { port, row };
}

for (const theme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    const zoom = 'zoom' in size ? size.zoom : 1;
    const name = `${size.width * zoom}x${size.height * zoom}${zoom > 1 ? '@200%' : ''}`;
    test(`fits the window at ${name}, ${theme}`, async ({ browser }) => {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        deviceScaleFactor: zoom,
      });
      const page = await context.newPage();
      await page.goto(await server.link());
      await page.getByLabel('Theme').selectOption(theme);
      const { port, row } = await sceneWithTraffic(page);

      await expectNoSidewaysScroll(page);
      const ports = page.getByRole('list', { name: 'Ports' });
      // The list stays in view below the form, however tall the form (earlier tests' ports are
      // listed too, so it scrolls; which entries show depends on where it is scrolled). The
      // check sees through the panel's clipping: a list pushed below it has ratio 0.
      await expect(ports).toBeInViewport();
      await expect(ports.getByRole('button', { name: `Close port ${port}` })).toBeAttached();
      await expect(row).toBeInViewport();
      const payload = page.getByRole('region', { name: 'Payload' });
      // At 200 % the payload's toolbars fill its pane: its bytes are a scroll away, never hidden.
      const bytes = payload.getByText('GET /layout-check', { exact: false });
      await expect(zoom > 1 ? payload : bytes).toBeInViewport();
      // The grid scrolls sideways inside its own region, never the page.
      const grid = page.getByRole('grid', { name: 'Connections' });
      await grid.focus();
      await page.keyboard.press('ArrowRight');
      await expectNoSidewaysScroll(page);
      await page.keyboard.press('ArrowLeft');
      await page.screenshot({ path: shotPath(`layout-${name}-${theme}.png`) });
      await context.close();
    });
  }
}

const portsSplitter = (page: Page) => page.getByRole('separator', { name: 'Ports panel width' });
const gridSplitter = (page: Page) =>
  page.getByRole('separator', { name: 'Connections list height' });
const valueOf = async (l: Locator) => Number(await l.getAttribute('aria-valuenow'));

test('splitters move by keyboard and mouse, survive a reload, and reset', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(await server.link());
  const side = portsSplitter(page);
  const grid = gridSplitter(page);
  await expect(side).toHaveAttribute('aria-orientation', 'vertical');
  await expect(grid).toHaveAttribute('aria-orientation', 'horizontal');
  const side0 = await valueOf(side);
  const grid0 = await valueOf(grid);
  const aside = page.locator(`#${await side.getAttribute('aria-controls')}`);
  expect(Math.round((await aside.boundingBox())?.width ?? 0)).toBe(side0);

  // Keyboard: a step, a bigger step with Shift, Home to the minimum.
  await side.focus();
  await page.keyboard.press('ArrowRight');
  await expect(side).toHaveAttribute('aria-valuenow', String(side0 + 16));
  await page.keyboard.press('Shift+ArrowRight');
  await expect(side).toHaveAttribute('aria-valuenow', String(side0 + 80));
  await page.keyboard.press('Home');
  await expect(side).toHaveAttribute(
    'aria-valuenow',
    (await side.getAttribute('aria-valuemin')) ?? '',
  );
  await page.keyboard.press('Enter');
  await expect(side).toHaveAttribute('aria-valuenow', String(side0));
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(grid).toHaveAttribute('aria-valuenow', String(grid0 + 32));

  // Mouse: drag the ports splitter 100 px right, the grid's 60 px up.
  const drag = async (handle: Locator, dx: number, dy: number) => {
    const box = await handle.boundingBox();
    if (!box) throw new Error('splitter not laid out');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx / 2, y + dy / 2);
    await page.mouse.move(x + dx, y + dy);
    await page.mouse.up();
  };
  await drag(side, 100, 0);
  await expect(side).toHaveAttribute('aria-valuenow', String(side0 + 100));
  await drag(grid, 0, -60);
  await expect(grid).toHaveAttribute('aria-valuenow', String(grid0 + 32 - 60));
  expect(Math.round((await aside.boundingBox())?.width ?? 0)).toBe(side0 + 100);

  await page.reload();
  await expect(portsSplitter(page)).toHaveAttribute('aria-valuenow', String(side0 + 100));
  await expect(gridSplitter(page)).toHaveAttribute('aria-valuenow', String(grid0 + 32 - 60));

  // Another size class keeps its own sizes.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(portsSplitter(page)).not.toHaveAttribute('aria-valuenow', String(side0 + 100));
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(portsSplitter(page)).toHaveAttribute('aria-valuenow', String(side0 + 100));

  await page.getByRole('button', { name: 'View' }).click();
  await page.getByRole('menuitem', { name: 'Reset layout' }).click();
  await expect(portsSplitter(page)).toHaveAttribute('aria-valuenow', String(side0));
  await expect(gridSplitter(page)).toHaveAttribute('aria-valuenow', String(grid0));
});

test('columns: hide, move and resize; remembered; reset', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(await server.link());
  const grid = page.getByRole('grid', { name: 'Connections' });
  const headers = grid.getByRole('columnheader');
  await expect(headers).toHaveText([
    '#',
    'Port',
    'Proto',
    'Detected',
    'Client',
    'Process',
    'Opened',
    'Duration',
    'In',
    'Out',
    'Behaviour',
    'State',
  ]);
  await page.getByRole('button', { name: 'Columns' }).click();
  const menu = page.getByRole('dialog', { name: 'Columns' });
  await menu.getByRole('checkbox', { name: 'Client', exact: true }).uncheck();
  await menu.getByRole('button', { name: 'Move State up' }).click();
  await expect(menu.getByRole('checkbox', { name: 'Number (#)' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(page.getByRole('button', { name: 'Columns' })).toBeFocused();
  await expect(headers).toHaveText([
    '#',
    'Port',
    'Proto',
    'Detected',
    'Process',
    'Opened',
    'Duration',
    'In',
    'Out',
    'State',
    'Behaviour',
  ]);
  await expect(grid).toHaveAttribute('aria-colcount', '11');

  // Drag the State column's edge 60 px wider.
  const state = headers.filter({ hasText: 'State' });
  const before = (await state.boundingBox())?.width ?? 0;
  const edge = page.getByRole('separator', { name: 'Resize the State column' });
  const box = await edge.boundingBox();
  if (!box) throw new Error('no column edge');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2);
  await page.mouse.up();
  await expect
    .poll(async () => Math.round((await state.boundingBox())?.width ?? 0))
    .toBe(Math.round(before + 60));
  // And from the keyboard, once the edge has focus.
  const width = Number(await edge.getAttribute('aria-valuenow'));
  await edge.press('ArrowLeft');
  await expect(edge).toHaveAttribute('aria-valuenow', String(width - 8));

  await page.reload();
  await expect(headers).toHaveCount(11);
  await expect(headers.nth(9)).toHaveText('State');
  await expect(page.getByRole('separator', { name: 'Resize the State column' })).toHaveAttribute(
    'aria-valuenow',
    String(width - 8),
  );

  await page.getByRole('button', { name: 'View' }).click();
  await page.getByRole('menuitem', { name: 'Reset layout' }).click();
  await expect(headers).toHaveCount(12);
  await expect(headers.nth(4)).toHaveText('Client');
});

test('a cut-off State is readable in its tooltip; the page never scrolls sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(await server.link());
  const { row } = await sceneWithTraffic(page);
  const state = row.getByRole('gridcell').last();
  await expect(state).toHaveAttribute('title', /closed/);
  await expectNoSidewaysScroll(page);
});
