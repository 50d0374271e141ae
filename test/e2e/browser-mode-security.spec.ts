// Browser mode guards its control surface: the printed URL's token is required, and foreign
// Host or Origin headers (DNS rebinding, cross-site pages) are refused on HTTP and WebSocket.
import { test, expect } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
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
  expect(await get(path, { Host: `evil.example:${port}` })).toBeGreaterThanOrEqual(400);
  expect(await get(path, { Origin: 'http://evil.example' })).toBe(403);

  const ws = `ws://127.0.0.1:${port}/ws?token=${server.token}`;
  expect(await wsOutcome(ws, 'http://evil.example')).toMatch(/^refused 40\d$/);
  expect(await wsOutcome(`ws://127.0.0.1:${port}/ws`, server.origin)).toMatch(/^refused 40\d$/);
  expect(await wsOutcome(ws, server.origin)).toBe('open');
});
