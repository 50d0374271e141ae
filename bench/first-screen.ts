// Time to first screen for a big payload, in browser mode: a client POSTs an HTTP request with a
// 50 MB JSON body to a capture port; we click its row and time until the payload's first bytes
// are painted in the Text view, and until the Decoded view shows the request. The baseline is
// the same measurement for a 1 KB body in the same run: the ratio says what size costs. Long
// tasks are counted from each click until a second after its first screen, with the harness
// idle meanwhile (Playwright's own role queries over the page are long tasks of their own, and
// would be counted as the app's).
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
  /** Long tasks (> 50 ms) from each click of the big body until a second after its screen. */
  readonly longTasks: number;
  readonly longestTaskMs: number;
}

/** One timed view change: until the first screen, then the long tasks up to a second later. */
interface Timed {
  readonly ms: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
}

/** After the first screen, how long the page is watched for long tasks with the harness idle. */
const SETTLE_MS = 1000;

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
 * `text` is inside `container`; then the long tasks from the click until SETTLE_MS after that.
 * Clicking from the page keeps Playwright's round trips out of it.
 */
function timeInPage(
  page: Page,
  click: { rowText: string } | { tab: string },
  container: string,
  text: string,
): Promise<Timed> {
  return page.evaluate(
    async ({ click, container, text, settleMs }) => {
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
      const ms = performance.now() - start;
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      const tasks = (window as unknown as { __longTasks: [number, number][] }).__longTasks.filter(
        ([at]) => at >= start,
      );
      return {
        ms,
        longTasks: tasks.length,
        longestTaskMs: Math.max(0, ...tasks.map(([, duration]) => duration)),
      };
    },
    { click, container, text, settleMs: SETTLE_MS },
  );
}

/** Switch the payload to a tab from inside the page (no role queries over a big DOM). */
function showTab(page: Page, tab: string): Promise<void> {
  return page.evaluate((tab) => {
    const target = [...document.querySelectorAll('[role="tab"]')].find(
      (t) => t.textContent?.trim() === tab,
    );
    if (target instanceof HTMLElement) target.click();
  }, tab);
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
  await showTab(page, 'Text');
  const text = await timeInPage(
    page,
    { rowText: `:${clientPort}` },
    'section[aria-label="Payload"]',
    `POST ${path}`,
  );
  const hasDecoded = await page.evaluate(() =>
    [...document.querySelectorAll('[role="tab"]')].some((t) => t.textContent?.trim() === 'Decoded'),
  );
  const decoded = hasDecoded
    ? await timeInPage(
        page,
        { tab: 'Decoded' },
        '[aria-label="Decoded messages"]',
        `POST ${path} HTTP/1.1`,
      )
    : null;
  await showTab(page, 'Text');
  return { text, decoded };
}

export async function measureFirstScreen(bodyBytes = 50 * 1000 * 1000): Promise<FirstScreenResult> {
  const server = await startPortholeServer();
  const browser = await launchBenchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: [number, number][] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          w.__longTasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask' });
    });
    const small = await measureOne(page, port, 1000, '/small');
    const big = await measureOne(page, port, bodyBytes, '/big');
    const windows = [big.text, ...(big.decoded ? [big.decoded] : [])];
    return {
      bodyBytes,
      textMs: big.text.ms,
      decodedMs: big.decoded?.ms ?? null,
      baselineTextMs: small.text.ms,
      baselineDecodedMs: small.decoded?.ms ?? null,
      longTasks: windows.reduce((n, w) => n + w.longTasks, 0),
      longestTaskMs: Math.max(...windows.map((w) => w.longestTaskMs)),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
