// Ports remembered, from the ports panel: ports opened in one run come back closed in the next
// (on the same data folder), the one marked "open at start" open; "Open all" opens the rest.
// The workspace exports as a JSON file and imports from one; a bad file is refused with the
// field named, and nothing changes.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortholeServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { tryConnect } from './support/tcp-client';

async function workspaceMenu(page: Page, item: 'Export workspace' | 'Import workspace…') {
  await page.getByRole('button', { name: 'Workspace', exact: true }).click();
  const menu = page.getByRole('menu', { name: 'Workspace' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await menu.getByRole('menuitem', { name: item }).click();
}

async function importFile(page: Page, name: string, contents: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await workspaceMenu(page, 'Import workspace…');
  await (
    await chooser
  ).setFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(contents),
  });
}

test('ports come back after a restart: open at start opens, Open all opens the rest', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'porthole-e2e-workspace-'));
  try {
    const first = await startPortholeServer([], { dataDir });
    let plain = 0;
    let atStart = 0;
    try {
      await page.goto(await first.link());
      plain = await openSuggestedPort(page);
      atStart = await openSuggestedPort(page);
      const toggle = page.getByRole('checkbox', { name: `Open at start: port ${atStart}` });
      await toggle.check();
      await expect(toggle).toBeChecked();
      await expect(
        page.getByRole('checkbox', { name: `Open at start: port ${plain}` }),
      ).not.toBeChecked();

      const download = page.waitForEvent('download');
      await workspaceMenu(page, 'Export workspace');
      const file = await download;
      expect(file.suggestedFilename()).toBe('porthole-workspace.json');
      const saved = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
        kind: string;
        ports: { port: number; openAtStart: boolean }[];
      };
      expect(saved.kind).toBe('porthole-workspace');
      expect(saved.ports.map((p) => [p.port, p.openAtStart]).sort()).toEqual(
        [
          [plain, false],
          [atStart, true],
        ].sort(),
      );
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startPortholeServer([], { dataDir });
    try {
      await page.goto(await second.link());
      await expect(page.getByRole('button', { name: `Close port ${atStart}` })).toBeVisible();
      const plainItem = page.getByRole('listitem', { name: `Port localhost:${plain}` });
      await expect(plainItem).toContainText('closed');
      expect(await tryConnect(plain)).toBe('ECONNREFUSED');
      await page.getByRole('button', { name: 'Open all' }).click();
      await expect(page.getByRole('button', { name: `Close port ${plain}` })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Open all' })).toHaveCount(0);
      expect(await tryConnect(plain)).toBe('connected');
      await expect(
        page.getByRole('checkbox', { name: `Open at start: port ${atStart}` }),
      ).toBeChecked();
    } finally {
      expect(await second.stop()).toBe(0);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('import: a bad file is refused with the field named, a good one adds its ports', async ({
  page,
}) => {
  const server = await startPortholeServer();
  try {
    await page.goto(await server.link());
    const ports = page.getByRole('list', { name: 'Ports' });

    await importFile(page, 'not-json.json', '{"kind": "porthole-workspace", ');
    await expect(page.getByRole('alert')).toContainText('not-json.json is not JSON');

    const bad = { kind: 'porthole-workspace', version: 1, ports: [{ port: 70000 }] };
    await importFile(page, 'bad.json', JSON.stringify(bad));
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('ports[0].port');
    await expect(alert).toContainText('Nothing was changed');
    await expect(ports.getByRole('listitem')).toHaveCount(0);
    await page.getByRole('button', { name: 'Dismiss the import error' }).click();
    await expect(alert).toHaveCount(0);

    const good = {
      kind: 'porthole-workspace',
      version: 1,
      ports: [{ protocol: 'tcp', host: 'localhost', port: 0, behaviour: { kind: 'echo' } }],
    };
    await importFile(page, 'good.json', JSON.stringify(good));
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 port' })).toBeVisible();
    await expect(ports.getByRole('listitem')).toHaveCount(1);
    await expect(ports.getByRole('listitem')).toContainText('closed');
    await expect(ports.getByRole('listitem')).toContainText('Echo');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
