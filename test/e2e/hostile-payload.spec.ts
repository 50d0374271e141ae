// Captured bytes are hostile input: markup, script, links and bidi overrides in a payload must
// show up as literal, inert text — never as elements, never as something clickable or running.
import { test, expect } from '@playwright/test';
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

const hostile = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '<a href="javascript:window.__pwned=3">click</a> http://evil.example/',
  'user\u202Egnp.exe',
].join('\n');

test('markup, script, links and bidi overrides in a payload stay inert text', async ({ page }) => {
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);

  const client = await openClient(port);
  await send(client, hostile);
  const row = page
    .getByRole('grid', { name: 'Connections' })
    .getByRole('row')
    .filter({ hasText: `127.0.0.1:${client.localPort}` });
  await row.click();

  const payload = page.getByRole('region', { name: 'Payload' });
  await payload.getByRole('tab', { name: 'Text' }).click();
  await expect(payload).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(payload).toContainText('<script>window.__pwned=2</script>');
  await expect(payload).toContainText('http://evil.example/');
  // The right-to-left override is shown as a visible escape, not applied to the text.
  await expect(payload).toContainText('\\u{202e}');

  expect(await payload.locator('img, script, a, iframe, object').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  client.destroy();
});
