// Socket-to-screen latency in browser mode: a client sends small messages at a steady rate to
// a port opened in the real UI, and the page records, every animation frame, how many bytes the
// status bar shows. A message's latency is the first painted frame that includes its bytes.
import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launchBenchBrowser } from './bench-browser';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { startPortholeServer } from '../test/e2e/support/porthole-server';
import { openSuggestedPort } from '../test/e2e/support/ports-ui';

export interface LatencyResult {
  /** Idle connections held open meanwhile. */
  readonly heldOpen: number;
  readonly eventsPerSecond: number;
  readonly messages: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
}

const now = () => performance.timeOrigin + performance.now();

/** Installs a per-frame sampler of the status bar's byte count and a long-task observer. */
async function startSampling(page: Page): Promise<void> {
  await page.evaluate(readFileSync(new URL('./frame-sampler.js', import.meta.url), 'utf8'));
}

/** Every `data-…` number of the status bar at least `n`. */
async function statusAtLeast(page: Page, attribute: string, n: number): Promise<void> {
  await page.waitForFunction(
    ([name, least]) =>
      Number(document.querySelector(`[role="status"][${name}]`)?.getAttribute(name as string)) >=
      (least as number),
    [attribute, n] as const,
    { timeout: 120_000 },
  );
}

/**
 * `count` connections from a process of their own, each sending 64 bytes and staying open (the
 * client-naming bench's child), so the latency is measured with that many open.
 */
async function holdOpen(port: number, count: number): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./connect-burst.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, String(port), String(count), '2000'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await once(createInterface({ input: child.stdout ?? process.stdin }), 'line');
  return child;
}

export async function measureScreenLatency(
  eventsPerSecond = 5000,
  seconds = 6,
  connections = 20,
  heldOpen = 0,
): Promise<LatencyResult> {
  const server = await startPortholeServer();
  const browser = await launchBenchBrowser();
  let held: ChildProcess | null = null;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    if (heldOpen > 0) {
      held = await holdOpen(port, heldOpen);
      await statusAtLeast(page, 'data-bytes-received', heldOpen * 64);
    }
    const sockets: Socket[] = [];
    for (let i = 0; i < connections; i += 1) {
      const socket = connect({ host: '127.0.0.1', port });
      await once(socket, 'connect');
      sockets.push(socket);
    }
    await page.waitForFunction(
      (n) =>
        Number(
          document
            .querySelector('[role="status"][data-connections-total]')
            ?.getAttribute('data-connections-total'),
        ) >= n,
      connections + heldOpen,
    );
    await startSampling(page);
    // What the held connections sent is on screen already; the messages count from there.
    const baseline = await page.evaluate(() =>
      Number(
        document
          .querySelector('[role="status"][data-bytes-received]')
          ?.getAttribute('data-bytes-received'),
      ),
    );

    // Steady rate: every millisecond tick, send as many 32-byte messages as are due.
    const message = Buffer.alloc(32, 0x2e);
    const total = eventsPerSecond * seconds;
    const sentAt: number[] = [];
    const start = now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((now() - start) / 1000) * eventsPerSecond));
        while (sentAt.length < due) {
          sockets[sentAt.length % connections]?.write(message);
          sentAt.push(now());
        }
        if (sentAt.length >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    const expected = baseline + total * message.length;
    await page.waitForFunction(
      (bytes) => {
        const s = (window as unknown as { samples: [number, number][] }).samples;
        return (s[s.length - 1]?.[1] ?? 0) >= bytes;
      },
      expected,
      { timeout: 30_000 },
    );
    const { samples, longTasks } = await page.evaluate(() => {
      const w = window as unknown as { samples: [number, number][]; longTasks: number[] };
      return { samples: w.samples, longTasks: w.longTasks };
    });
    for (const socket of sockets) socket.destroy();

    // Message i is on screen once a frame shows at least (i + 1) messages' worth of bytes.
    const latencies: number[] = [];
    let frame = 0;
    sentAt.forEach((sent, i) => {
      const needed = baseline + (i + 1) * message.length;
      while ((samples[frame]?.[1] ?? Infinity) < needed) frame += 1;
      const shown = samples[frame];
      if (shown) latencies.push(shown[0] - sent);
    });
    latencies.sort((a, b) => a - b);
    const pick = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    return {
      heldOpen,
      eventsPerSecond,
      messages: latencies.length,
      p50: pick(0.5),
      p99: pick(0.99),
      max: latencies[latencies.length - 1] ?? NaN,
      longTasks: longTasks.length,
      longestTaskMs: Math.max(0, ...longTasks),
    };
  } finally {
    held?.stdin?.end();
    await browser.close();
    await server.stop();
  }
}
