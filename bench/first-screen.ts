// Time to first screen for a big payload, in browser mode: a client POSTs an HTTP request with a
// 50 MB JSON body to a capture port; we click its row and time until the payload's first bytes
// are painted in the Text view, and until the Decoded view shows the request. The baseline is
// the same measurement for a 1 KB body in the same run: the ratio says what size costs.
import type { Page } from '@playwright/test';
import { launchBenchBrowser, waitForBytesReceived } from './bench-browser';
import { connect } from 'node:net';
import { once } from 'node:events';
import { startPortholeServer } from '../test/e2e/support/porthole-server';
import { openSuggestedPort } from '../test/e2e/support/ports-ui';

export interface FirstScreenResult {
  readonly bodyBytes: number;
  readonly textMs: number;
  readonly decodedMs: number | null;
  readonly baselineTextMs: number;
  readonly baselineDecodedMs: number | null;
  readonly longTasks: number;
}

function jsonBody(bytes: number): Buffer {
  const item = '{"id":12345,"name":"porthole","tags":["a","b"],"ok":true},';
  const body = Buffer.alloc(bytes, ' ');
  body.write('{"items":[', 0);
  for (let at = 10; at + item.length < bytes - 2; at += item.length) body.write(item, at);
  body.write(']}', bytes - 2);
  return body;
}

async function send(port: number, path: string, body: Buffer): Promise<number> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  const localPort = socket.localPort ?? 0;
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  socket.write(head);
  socket.end(body);
  await once(socket, 'close');
  return localPort;
}

/**
 * Milliseconds, measured inside the page, from a DOM click to the first animation frame where
 * `text` is inside `container`. Clicking from the page keeps Playwright's round trips out of it.
 */
function timeInPage(
  page: Page,
  click: { rowText: string } | { tab: string },
  container: string,
  text: string,
): Promise<number> {
  return page.evaluate(
    async ({ click, container, text }) => {
      const start = performance.now();
      const target =
        'rowText' in click
          ? [...document.querySelectorAll('[role="row"]')].find((r) =>
              r.textContent?.includes(click.rowText),
            )
          : [...document.querySelectorAll('[role="tab"]')].find(
              (t) => t.textContent?.trim() === click.tab,
            );
      if (!(target instanceof HTMLElement)) throw new Error('nothing to click');
      target.click();
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (document.querySelector(container)?.textContent?.includes(text)) break;
        if (performance.now() - start > 30_000) throw new Error(`${text} never appeared`);
      }
      return performance.now() - start;
    },
    { click, container, text },
  );
}

async function measureOne(page: Page, port: number, bodyBytes: number, path: string) {
  const clientPort = await send(port, path, jsonBody(bodyBytes));
  const row = page
    .getByRole('grid', { name: 'Connections' })
    .getByRole('row')
    .filter({ hasText: `:${clientPort}` });
  await row.waitFor();
  // Wait until the engine has everything, so the measurement is the view, not the transfer.
  await waitForBytesReceived(page, bodyBytes);
  const payload = page.getByRole('region', { name: 'Payload' });
  if (await payload.getByRole('tab', { name: 'Text' }).count()) {
    await payload.getByRole('tab', { name: 'Text' }).click();
  }
  const textMs = await timeInPage(
    page,
    { rowText: `:${clientPort}` },
    'section[aria-label="Payload"]',
    `POST ${path}`,
  );
  const hasDecoded = (await payload.getByRole('tab', { name: 'Decoded' }).count()) > 0;
  const decodedMs = hasDecoded
    ? await timeInPage(
        page,
        { tab: 'Decoded' },
        '[aria-label="Decoded messages"]',
        `POST ${path} HTTP/1.1`,
      )
    : null;
  await payload.getByRole('tab', { name: 'Text' }).click();
  return { textMs, decodedMs };
}

export async function measureFirstScreen(bodyBytes = 50 * 1000 * 1000): Promise<FirstScreenResult> {
  const server = await startPortholeServer();
  const browser = await launchBenchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number };
      w.__longTasks = 0;
      new PerformanceObserver((list) => (w.__longTasks += list.getEntries().length)).observe({
        type: 'longtask',
      });
    });
    const small = await measureOne(page, port, 1000, '/small');
    const big = await measureOne(page, port, bodyBytes, '/big');
    const longTasks = await page.evaluate(
      () => (window as unknown as { __longTasks: number }).__longTasks,
    );
    return {
      bodyBytes,
      textMs: big.textMs,
      decodedMs: big.decodedMs,
      baselineTextMs: small.textMs,
      baselineDecodedMs: small.decodedMs,
      longTasks,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
