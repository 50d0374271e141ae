// Browser mode guards its control surface: the printed URL's token is required, foreign Host or
// Origin headers (DNS rebinding, cross-site pages) are refused on HTTP and WebSocket, and the
// cookie Chromium keeps (which every local port is sent) holds no token and opens no socket.
import { test, expect } from '@playwright/test';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import WebSocket, { WebSocketServer } from 'ws';
import { startPortholeServer, type RunningServer } from './support/porthole-server';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  await server.stop();
});

function get(path: string, headers: Record<string, string> = {}): Promise<number> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function wsOutcome(url: string, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { origin });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    socket.on('error', (error) => resolve(`error ${error.message}`));
  });
}

test('the page needs the token; a browser without it sees why it was refused', async ({ page }) => {
  const response = await page.goto(server.origin + '/');
  expect(response?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('token');
  expect(await get('/?token=wrong')).toBe(403);
  expect(await get(`/?token=${server.token}`)).toBe(200);
});

test('foreign Host and Origin are refused even with the token', async () => {
  const path = `/?token=${server.token}`;
  const { port } = new URL(server.origin);
  expect(await get(path, { Host: `evil.example:${port}` })).toBe(421);
  expect(await get(path, { Origin: 'http://evil.example' })).toBe(403);

  const ws = `ws://127.0.0.1:${port}/ws?token=${server.token}`;
  expect(await wsOutcome(ws, 'http://evil.example')).toMatch(/^refused 40\d$/);
  expect(await wsOutcome(`ws://127.0.0.1:${port}/ws`, server.origin)).toMatch(/^refused 40\d$/);
  expect(await wsOutcome(ws, server.origin)).toBe('open');
});

test('the cookie Chromium keeps holds no token, opens no socket, and a reload still connects', async ({
  page,
  context,
}) => {
  const { port } = new URL(server.origin);
  await page.goto(server.url);
  // The page moved the token out of the address bar; the socket works (the server answers).
  await expect(page).toHaveURL(`${server.origin}/`);
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('button', { name: 'Suggest a free port' }).click();
  await expect(form.getByLabel('Port', { exact: true })).not.toHaveValue('');

  const cookies = await context.cookies(server.origin);
  expect(cookies.map((c) => c.name)).toEqual([`porthole_session_${port}`]);
  const [cookie] = cookies;
  expect(cookie?.value).not.toBe(server.token);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Strict');
  // What any other local web server would be sent: worthless as a token.
  const value = cookie?.value ?? '';
  expect(await get(`/?token=${value}`)).toBe(403);
  expect(await wsOutcome(`ws://127.0.0.1:${port}/ws?token=${value}`, server.origin)).toBe(
    'refused 403',
  );

  // A reload of the bare URL: the cookie serves the page, the tab's stored token opens the socket.
  await page.reload();
  await form.getByLabel('Port', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Suggest a free port' }).click();
  await expect(form.getByLabel('Port', { exact: true })).not.toHaveValue('');
});

test('the page never trips its own CSP (no eval probes, nothing blocked)', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(server.url);
  // Forms and dialogs that build and check schemas: the open-port form, a behaviour editor.
  const form = page.getByRole('form', { name: 'Open a port' });
  await form.getByRole('button', { name: 'Suggest a free port' }).click();
  await form.getByRole('button', { name: 'Open port' }).click();
  await expect(page.getByRole('button', { name: /^Close port \d+$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Export…' }).click();
  await page
    .getByRole('dialog', { name: 'Export' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations).toEqual([]);
});

/** Opens a WebSocket from the page: "open", or the CSP directive that blocked it, or "error". */
function socketFromPage(page: Page, url: string): Promise<string> {
  return page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) =>
          resolve(`blocked ${e.effectiveDirective}`),
        );
        try {
          const ws = new WebSocket(target);
          ws.onopen = () => {
            ws.close();
            resolve('open');
          };
          ws.onerror = () => setTimeout(() => resolve('error'), 100);
        } catch {
          // Chromium reports the CSP violation through the event above.
        }
      }),
    url,
  );
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

test("the served page may open its own socket, not another local port's", async ({ page }) => {
  const other = createServer();
  const otherWss = new WebSocketServer({ server: other });
  const otherPort = await listen(other);
  try {
    await page.goto(server.url);
    const { port } = new URL(server.origin);
    expect(await socketFromPage(page, `ws://127.0.0.1:${otherPort}/`)).toBe('blocked connect-src');
    expect(await socketFromPage(page, `ws://127.0.0.1:${port}/ws?token=${server.token}`)).toBe(
      'open',
    );
  } finally {
    otherWss.close();
    other.close();
  }
});

test("renderer/index.html's meta CSP alone (the desktop app's policy) allows only same-origin sockets", async ({
  page,
}) => {
  // The <meta> policy on a bare page with no CSP header, so nothing else can be what allows or
  // blocks: 'self' must cover ws: to the page's own origin, and nothing else.
  const html = readFileSync(
    fileURLToPath(new URL('../../renderer/index.html', import.meta.url)),
    'utf8',
  );
  const meta = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/.exec(html)?.[0] ?? '';
  expect(meta).toContain("connect-src 'self';");
  const pageServer = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head>${meta}</head><body></body></html>`);
  });
  const sameWss = new WebSocketServer({ server: pageServer });
  const other = createServer();
  const otherWss = new WebSocketServer({ server: other });
  const [pagePort, otherPort] = await Promise.all([listen(pageServer), listen(other)]);
  try {
    await page.goto(`http://127.0.0.1:${pagePort}/`);
    expect(await socketFromPage(page, `ws://127.0.0.1:${pagePort}/`)).toBe('open');
    expect(await socketFromPage(page, `ws://127.0.0.1:${otherPort}/`)).toBe('blocked connect-src');
    expect(await socketFromPage(page, `ws://localhost:${otherPort}/`)).toBe('blocked connect-src');
  } finally {
    sameWss.close();
    otherWss.close();
    pageServer.close();
    other.close();
  }
});
