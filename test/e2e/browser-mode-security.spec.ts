// Browser mode guards its control surface: a tab signs in only with a one-time link (which the
// page takes out of the address bar and spends, so history keeps a worthless code), foreign
// Host or Origin headers (DNS rebinding, cross-site pages) are refused on HTTP and WebSocket,
// and a cookie another local server plants (cookies ignore ports) cannot break the UI.
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

/** The open-port form's "Suggest a free port" works only through the engine socket. */
async function expectConnected(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: 'Open a port' });
  const field = form.getByLabel('Port', { exact: true });
  await field.fill('');
  await form.getByRole('button', { name: 'Suggest a free port' }).click();
  await expect(field).not.toHaveValue('');
}

test('a link signs in one tab once: the address bar loses the code, and the spent link signs in nothing', async ({
  browser,
}) => {
  const link = await server.link();
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto(link);
  // Out of the address bar (and so out of history) before anything else.
  await expect(page).toHaveURL(`${server.origin}/`);
  await expectConnected(page);
  await expect(page.getByText('Engine connected')).toBeVisible();

  // The same link again (from history, a session file, over a shoulder): worthless.
  const second = await browser.newContext();
  const late = await second.newPage();
  await late.goto(link);
  await expect(late.getByRole('alert')).toContainText('This tab is not signed in to Porthole');
  await expect(late.getByRole('alert')).toContainText('Press Enter in the terminal');
  await expect(late.getByText('Not signed in', { exact: true })).toBeVisible();
  // And a tab with no link at all: the page loads, signed out, and says what to do.
  const bare = await second.newPage();
  await bare.goto(server.origin + '/');
  await expect(bare.getByRole('alert')).toContainText('This tab is not signed in to Porthole');
  // The first tab is unaffected.
  await expectConnected(page);
  await first.close();
  await second.close();
});

test('foreign Host and Origin are refused', async () => {
  const { port } = new URL(server.origin);
  expect(await get('/', { Host: `evil.example:${port}` })).toBe(421);
  expect(await get('/', { Origin: 'http://evil.example' })).toBe(403);

  const ws = `ws://127.0.0.1:${port}/ws?token=${server.token}`;
  expect(await wsOutcome(ws, 'http://evil.example')).toMatch(/^refused 40\d$/);
  expect(await wsOutcome(`ws://127.0.0.1:${port}/ws`, server.origin)).toMatch(/^refused 40\d$/);
  expect(await wsOutcome(ws, server.origin)).toBe('open');
});

test('a cookie another local server plants changes nothing; a reload and a new tab stay signed in', async ({
  page,
  context,
}) => {
  const { port } = new URL(server.origin);
  // Another service on 127.0.0.1 sets cookies for 127.0.0.1, which the browser then sends to
  // every port, Porthole's included.
  const tosser = createServer((_req, res) => {
    res.writeHead(200, {
      'Set-Cookie': [
        `porthole_session_${port}=planted; Path=/`,
        `porthole_token=${'A'.repeat(43)}; Path=/`,
      ],
      'Content-Type': 'text/html',
    });
    res.end('<!doctype html><title>another local service</title>');
  });
  const tosserPort = await listen(tosser);
  try {
    await page.goto(`http://127.0.0.1:${tosserPort}/`);
    const planted = await context.cookies(server.origin);
    expect(planted.map((c) => c.name).sort()).toEqual([
      `porthole_session_${port}`,
      'porthole_token',
    ]);

    await page.goto(await server.link());
    await expectConnected(page);
    // Porthole itself sets no cookie.
    expect((await context.cookies(server.origin)).map((c) => c.name).sort()).toEqual(
      planted.map((c) => c.name).sort(),
    );
    // A reload: the tab's session storage still holds its session.
    await page.reload();
    await expectConnected(page);
    // A new tab at the bare address: the signed-in tab shares its session (same origin only).
    const other = await context.newPage();
    await other.goto(server.origin + '/');
    await expectConnected(other);
    await other.close();
  } finally {
    tosser.close();
  }
});

test('the page never trips its own CSP (no eval probes, nothing blocked)', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(await server.link());
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
    await page.goto(await server.link());
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
