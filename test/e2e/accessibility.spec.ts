// axe-core over every view, in both themes: no serious or critical violation, text contrast at
// WCAG AA. Views: the main window with a connection selected (Text, Hex, Decoded), the
// behaviour editor, the Captures view, the Export dialog, this machine's ports (with a
// connection list open) and a diagnosis.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { editBehaviour, openSuggestedPort, selectConnection } from './support/ports-ui';
import { openClient, send } from './support/tcp-client';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

/** Serious and critical findings on the page as it is now, one line each. */
async function violations(page: Page, view: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${view}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`,
      ),
    );
}

for (const theme of ['light', 'dark'] as const) {
  test(`every view, ${theme} theme: no serious or critical violations`, async ({ page }) => {
    // Six full axe runs over a live page.
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(await server.link());
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    const found: string[] = [];

    const port = await openSuggestedPort(page);
    const client = await openClient(port);
    await send(client, 'GET /health?x=1 HTTP/1.1\r\nHost: localhost\r\nCookie: a=b\r\n\r\n');
    await selectConnection(page, client.localPort ?? 0);
    found.push(...(await violations(page, 'main, Text')));
    await page.getByRole('tab', { name: 'Hex' }).click();
    found.push(...(await violations(page, 'main, Hex')));
    await page.getByRole('tab', { name: 'Decoded' }).click();
    await expect(page.getByRole('region', { name: 'Payload' })).toContainText('GET /health');
    found.push(...(await violations(page, 'main, Decoded')));

    await editBehaviour(page, port);
    found.push(...(await violations(page, 'behaviour editor')));
    await page.keyboard.press('Escape');

    await page.getByRole('banner').getByRole('button', { name: 'Captures' }).click();
    await expect(page.getByRole('dialog', { name: 'Captures' })).toBeVisible();
    found.push(...(await violations(page, 'Captures')));
    await page
      .getByRole('dialog', { name: 'Captures' })
      .getByRole('button', { name: 'Close captures' })
      .click();

    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible();
    found.push(...(await violations(page, 'Export')));
    await page
      .getByRole('dialog', { name: 'Export' })
      .getByRole('button', { name: 'Cancel' })
      .click();

    const machineMenu = page.getByRole('banner').getByRole('button', { name: 'Machine' });
    await machineMenu.click();
    await page.getByRole('menuitem', { name: 'This machine’s ports…' }).click();
    const machine = page.getByRole('dialog', { name: 'This machine' });
    // The Porthole UI's own port has connections (this page's): open their list too.
    await machine
      .getByRole('button', { name: /connections to 127\.0\.0\.1:/ })
      .first()
      .click();
    await expect(machine.getByRole('list', { name: /^Connections to / }).first()).toBeVisible();
    found.push(...(await violations(page, 'This machine')));
    await machine
      .getByRole('button', { name: 'Diagnose a connection to 127.0.0.1:' + port })
      .click();
    const diagnose = page.getByRole('dialog', { name: 'Diagnose a connection' });
    await diagnose.getByRole('button', { name: 'Run' }).click();
    await expect(diagnose.getByRole('region', { name: 'Verdict' })).toBeVisible();
    found.push(...(await violations(page, 'Diagnose')));
    await diagnose.getByRole('button', { name: 'Close' }).click();

    client.destroy();
    expect(found).toEqual([]);
  });
}
