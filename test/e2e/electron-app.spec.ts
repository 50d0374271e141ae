// The same open / observe / close flow in the real Electron app. It runs where the Electron
// runtime is installed; elsewhere it is skipped and the reason is printed.
import { test, expect, _electron as electron } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';
import { COMMAND_NAMES } from '../../shared/contract';
import { openSuggestedPort } from './support/ports-ui';
import { openClient, send, tryConnect } from './support/tcp-client';

const runtime = findElectronRuntime();
const mainScript = fileURLToPath(new URL('../../dist/electron/main.cjs', import.meta.url));

if ('missing' in runtime) {
  console.log(`[electron e2e] skipped: ${runtime.missing}`);
}

test('open a port, see bytes arrive, close the port — in the desktop app', async () => {
  test.skip(
    'missing' in runtime,
    `Electron runtime not installed: ${'missing' in runtime ? runtime.missing : ''}`,
  );
  if (!('path' in runtime)) return;
  const app = await electron.launch({ executablePath: runtime.path, args: [mainScript] });
  try {
    const page = await app.firstWindow();
    const port = await openSuggestedPort(page);

    const client = await openClient(port);
    await send(client, 'hello from electron');
    const row = page
      .getByRole('grid', { name: 'Connections' })
      .getByRole('row')
      .filter({ hasText: `127.0.0.1:${client.localPort}` });
    await row.click();
    await expect(page.getByRole('region', { name: 'Payload' })).toContainText(
      'hello from electron',
    );
    // The UI comes from the app's own protocol, module worker included (Decoded runs in it).
    expect(page.url()).toBe('porthole://app/index.html');
    const http = await openClient(port);
    await send(http, 'GET /from-electron HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await page
      .getByRole('grid', { name: 'Connections' })
      .getByRole('row')
      .filter({ hasText: `127.0.0.1:${http.localPort}` })
      .click();
    await page.getByRole('tab', { name: 'Decoded' }).click();
    await expect(page.getByRole('region', { name: 'Payload' })).toContainText('GET /from-electron');

    await page.getByRole('button', { name: `Close port ${port}` }).click();
    await expect(page.getByRole('button', { name: `Open port ${port}` })).toBeVisible();
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    // The window is locked down: no Node in the page, and the bridge is exactly the contract.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    const exposed = await page.evaluate(() =>
      Object.keys((window as unknown as { porthole: object }).porthole).sort(),
    );
    expect(exposed).toEqual([...COMMAND_NAMES, 'onBatch', 'importDroppedFile'].sort());
  } finally {
    await app.close();
  }
});
