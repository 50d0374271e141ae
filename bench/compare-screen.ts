// Compare two 50 MB payloads in browser mode: time from pressing Compare until the first
// difference is on screen, and until every change is listed, with the page's long tasks. The
// comparison runs in the engine next to the bytes (compareConnections: the first difference
// found on the byte logs themselves, the diff in an engine worker thread); the page only
// receives what it shows. The baseline, in the same run, is the same comparison of two 1 KB
// payloads: the ratio says what size costs. The two big payloads differ in three places, the
// first 20 MB in.
import type { Page } from '@playwright/test';
import { launchBenchBrowser, waitForBytesReceived } from './bench-browser';
import { connect } from 'node:net';
import { once } from 'node:events';
import { startPortholeServer } from '../test/e2e/support/porthole-server';
import { openSuggestedPort, selectConnection } from '../test/e2e/support/ports-ui';

export interface CompareScreenResult {
  readonly bytes: number;
  readonly firstMs: number;
  readonly allMs: number;
  readonly baselineFirstMs: number;
  readonly longTasks: number;
}

function payload(bytes: number, edits: readonly number[]): Buffer {
  const line = 'porthole compares what two runs sent, byte for byte and line by line\n';
  const body = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += line.length) body.write(line, at);
  for (const at of edits) body.write('CHANGED', at);
  return body;
}

async function send(port: number, body: Buffer): Promise<number> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  const localPort = socket.localPort ?? 0;
  socket.end(body);
  await once(socket, 'close');
  return localPort;
}

async function idOf(page: Page, clientPort: number): Promise<string> {
  const row = await selectConnection(page, clientPort);
  return (await row.getByRole('gridcell').first().textContent())?.trim() ?? '';
}

/** Milliseconds in the page from clicking Compare until `first`, then `all`, are in the dialog. */
function timeCompare(page: Page): Promise<{ first: number; all: number }> {
  return page.evaluate(async () => {
    const dialog = document.querySelector('dialog[open]');
    const button = [...(dialog?.querySelectorAll('button') ?? [])].find(
      (b) => b.textContent?.trim() === 'Compare',
    );
    if (!(button instanceof HTMLElement) || dialog === null) throw new Error('no Compare button');
    const start = performance.now();
    button.click();
    let first = 0;
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const text = dialog.textContent ?? '';
      if (first === 0 && /First difference at byte|Identical/.test(text)) {
        first = performance.now() - start;
      }
      if (first > 0 && /change[s]?:/.test(text) && !text.includes('still comparing')) break;
      if (performance.now() - start > 60_000) throw new Error('the comparison never finished');
    }
    return { first, all: performance.now() - start };
  });
}

async function measurePair(page: Page, port: number, a: Buffer, b: Buffer) {
  const first = await send(port, a);
  const second = await send(port, b);
  await waitForBytesReceived(page, a.length + b.length);
  const otherId = await idOf(page, first);
  await idOf(page, second);
  await page
    .getByRole('region', { name: 'Payload' })
    .getByRole('button', { name: 'Compare…' })
    .click();
  const dialog = page.getByRole('dialog', { name: /^Compare #/ });
  await dialog.getByRole('textbox', { name: 'With connection #' }).fill(otherId);
  const timing = await timeCompare(page);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return timing;
}

export async function measureCompareScreen(bytes = 50 * 1000 * 1000): Promise<CompareScreenResult> {
  const server = await startPortholeServer();
  const browser = await launchBenchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    const small = await measurePair(page, port, payload(1000, []), payload(1000, [500]));
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number };
      w.__longTasks = 0;
      new PerformanceObserver((list) => (w.__longTasks += list.getEntries().length)).observe({
        type: 'longtask',
      });
    });
    const edits = [20_000_000, 30_000_000, 45_000_000];
    const big = await measurePair(page, port, payload(bytes, []), payload(bytes, edits));
    const longTasks = await page.evaluate(
      () => (window as unknown as { __longTasks: number }).__longTasks,
    );
    return { bytes, firstMs: big.first, allMs: big.all, baselineFirstMs: small.first, longTasks };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function compareScreenReport(r: CompareScreenResult): string[] {
  return [
    `Compare two ${r.bytes / 1e6} MB payloads in browser mode (first difference 20 MB in):`,
    `  two 1 KB payloads (baseline): first difference on screen ${r.baselineFirstMs.toFixed(0)} ms`,
    `  two 50 MB payloads: first difference on screen ${r.firstMs.toFixed(0)} ms (target < 500 ms), every change listed ${r.allMs.toFixed(0)} ms, ${r.longTasks} long tasks`,
    `  ratio (first difference, 50 MB / 1 KB)  ${(r.firstMs / r.baselineFirstMs).toFixed(1)}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of compareScreenReport(await measureCompareScreen())) console.log(line);
}
