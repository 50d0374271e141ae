// A stalled UI: a browser-mode tab stops consuming (its main thread held in the debugger, see
// test/e2e/support/stalled-page.ts) for 30 s while another process makes 5,000 events a second,
// then comes back. Reports the engine process's resident memory before the stall, at its peak
// and after, whether and when the server cut the tab off to resync, how long the tab took to
// catch up (to show at least the connections the engine had counted when it came back), and the
// same run's memory growth with the tab never stalled (fresh server each run), as a ratio.
import { chromium, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRANSPORT_LIMITS } from '../server/ws-transport';
import { startEventLoad, type LoadOptions } from '../test/e2e/support/event-load';
import { engineStats, enginePid, rssBytes } from '../test/e2e/support/engine-probe';
import { startPortholeServer } from '../test/e2e/support/porthole-server';
import { openSuggestedPort } from '../test/e2e/support/ports-ui';
import { pageRecord, recordPage, stallPage } from '../test/e2e/support/stalled-page';

export interface StalledUiOptions {
  readonly load: LoadOptions;
  /** Load before the stall starts. */
  readonly warmUpSeconds: number;
  readonly stallSeconds: number;
  /** Load kept on after the tab caught up, before "after" is read. */
  readonly settleSeconds: number;
}

const DEFAULT_STALLED_UI: StalledUiOptions = {
  // 5,000 events a second: socket reads over 200 held connections, plus 50 new connections a
  // second so the connection count the tab must catch up on keeps moving.
  load: { messagesPerSecond: 5000, heldConnections: 200, churnPerSecond: 50 },
  // Long enough for the engine's heap to grow to this load's allocation rate (tens of MiB over
  // the first 10–15 s, stall or no stall), so "before" is the steady state.
  warmUpSeconds: 15,
  stallSeconds: 30,
  settleSeconds: 5,
};

interface StalledUiRun {
  readonly stalled: boolean;
  /** Engine RSS with the port open and no load, MiB. */
  readonly idleMiB: number;
  /** When the stall began (or, unstalled, the same moment of the run). */
  readonly beforeMiB: number;
  /** Highest RSS from then until the end. */
  readonly peakMiB: number;
  readonly afterMiB: number;
  /** Seconds into the stall the server cut the tab off to resync (its log line); null: never. */
  readonly resyncAfterS: number | null;
  /** Close codes of the page's engine sockets, as the page saw them. */
  readonly closeCodes: readonly number[];
  /** From the tab coming back until its new socket opened, ms; null: it kept its socket. */
  readonly reconnectMs: number | null;
  /** From the tab coming back until it showed the engine's count at that moment, ms. */
  readonly catchUpMs: number;
  /** Engine sockets the page opened (1: never reconnected). */
  readonly sockets: number;
  /** The engine's own bookkeeping at the end: captured bytes in memory + overhead, MiB. */
  readonly engineHeldMiB: number;
  readonly connectionsTotal: number;
}

export interface StalledUiResult {
  readonly options: StalledUiOptions;
  readonly stalled: StalledUiRun;
  readonly baseline: StalledUiRun;
}

const MiB = 1024 * 1024;
/** What serve logs when it cuts a tab off (server/ws-transport.ts). */
const RESYNC_LINE = /browser tab fell .* behind/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function shownTotal(page: Page): Promise<number> {
  return Number(
    await page.getByRole('status', { name: 'Status' }).getAttribute('data-connections-total'),
  );
}

async function run(stalled: boolean, options: StalledUiOptions): Promise<StalledUiRun> {
  const server = await startPortholeServer();
  const browser = await chromium.launch({
    executablePath: process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const samples: [number, number][] = [];
  let sampler: NodeJS.Timeout | undefined;
  let stopLoad: (() => void) | undefined;
  try {
    const pid = enginePid(server);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await recordPage(page);
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    const idle = rssBytes(pid);
    sampler = setInterval(() => samples.push([Date.now(), rssBytes(pid)]), 100);

    const load = await startEventLoad(port, options.load);
    stopLoad = () => load.kill();
    await sleep(options.warmUpSeconds * 1000);

    const before = rssBytes(pid);
    let from = Date.now();
    let resumedAt: number;
    if (stalled) {
      const stall = await stallPage(page);
      from = stall.pausedAt;
      await sleep(options.stallSeconds * 1000);
      const target = (await engineStats(server)).connectionsTotal;
      await stall.resume();
      resumedAt = Date.now();
      await page.waitForFunction(
        (n) =>
          Number(
            document
              .querySelector('[role="status"][data-connections-total]')
              ?.getAttribute('data-connections-total'),
          ) >= n,
        target,
        { timeout: 120_000, polling: 50 },
      );
    } else {
      await sleep(options.stallSeconds * 1000);
      const target = (await engineStats(server)).connectionsTotal;
      resumedAt = Date.now();
      while ((await shownTotal(page)) < target) await sleep(50);
    }
    const catchUpMs = Date.now() - resumedAt;
    await sleep(options.settleSeconds * 1000);
    const after = rssBytes(pid);
    clearInterval(sampler);
    await load.stop();

    const stats = await engineStats(server);
    const record = await pageRecord(page);
    const closed = record.sockets.filter((s) => s.closedAt !== undefined);
    const resync = server.stderrLines().find((l) => l.at >= from && RESYNC_LINE.test(l.line));
    const reopened = record.sockets[1]?.openedAt;
    const peak = Math.max(before, ...samples.filter(([t]) => t >= from).map(([, rss]) => rss));
    return {
      stalled,
      idleMiB: idle / MiB,
      beforeMiB: before / MiB,
      peakMiB: peak / MiB,
      afterMiB: after / MiB,
      resyncAfterS: resync === undefined ? null : (resync.at - from) / 1000,
      closeCodes: closed.map((s) => s.code ?? 0),
      reconnectMs: reopened === undefined ? null : reopened - resumedAt,
      catchUpMs,
      sockets: record.sockets.length,
      engineHeldMiB: (stats.bytesInMemory + stats.overheadBytes) / MiB,
      connectionsTotal: stats.connectionsTotal,
    };
  } finally {
    clearInterval(sampler);
    stopLoad?.();
    await browser.close();
    await server.stop();
  }
}

/** One stalled run and one unstalled baseline, each against a fresh `porthole serve`. */
export async function measureStalledUi(
  options: StalledUiOptions = DEFAULT_STALLED_UI,
): Promise<StalledUiResult> {
  const baseline = await run(false, options);
  const stalled = await run(true, options);
  return { options, stalled, baseline };
}

const f1 = (n: number) => n.toFixed(1);

export function stalledUiReport(r: StalledUiResult): string[] {
  const { load } = r.options;
  const growth = (x: StalledUiRun) => x.peakMiB - x.beforeMiB;
  const line = (name: string, x: StalledUiRun) =>
    `  ${name}  idle ${f1(x.idleMiB)} MiB, before ${f1(x.beforeMiB)}, peak ${f1(x.peakMiB)} (+${f1(growth(x))}), after ${f1(x.afterMiB)} MiB; engine holds ${f1(x.engineHeldMiB)} MiB of captures and bookkeeping`;
  const s = r.stalled;
  const resync =
    s.resyncAfterS === null
      ? `no resync: the server never cut the tab off (its sockets: ${s.sockets})`
      : `resync: the server cut the tab off ${f1(s.resyncAfterS)} s into the stall; once back, the tab saw its socket close (${s.closeCodes.join(', ')}) and reopened it ${s.reconnectMs === null ? 'never' : `${f1(s.reconnectMs)} ms`} after it came back`;
  return [
    `Stalled UI, browser mode: ${load.messagesPerSecond.toLocaleString('en-US')} events/s (messages over ${load.heldConnections} connections, plus ${load.churnPerSecond} new connections/s), tab stalled for ${r.options.stallSeconds} s after ${r.options.warmUpSeconds} s; engine RSS:`,
    line('never stalled (baseline)', r.baseline),
    line('stalled                 ', s),
    `  growth, stalled against baseline: +${f1(growth(s))} / +${f1(growth(r.baseline))} MiB, ratio ${(growth(s) / Math.max(growth(r.baseline), 0.1)).toFixed(2)}; the stall's own cost ${f1(growth(s) - growth(r.baseline))} MiB (the server holds at most slowClientBytes, ${DEFAULT_TRANSPORT_LIMITS.slowClientBytes / MiB} MiB, for a tab)`,
    `  ${resync}`,
    `  caught up ${f1(s.catchUpMs)} ms after it came back (baseline, never stalled: ${f1(r.baseline.catchUpMs)} ms); ${s.connectionsTotal.toLocaleString('en-US')} connections in all`,
  ];
}

// Run alone: node scripts/build.mjs && node --import tsx bench/stalled-ui.ts [stall seconds]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? DEFAULT_STALLED_UI.stallSeconds);
  const result = await measureStalledUi({ ...DEFAULT_STALLED_UI, stallSeconds: seconds });
  for (const line of stalledUiReport(result)) console.log(line);
}
