// A stalled UI: a tab that stops consuming batches while 5,000 events a second arrive never
// grows the engine's memory past a bound, and when it comes back it catches up without a
// reload. The tab is stopped for real (its main thread held in the debugger; why not a lifecycle
// freeze: support/stalled-page.ts), the load comes from another process over real TCP
// connections, and memory is the engine process's resident set, read from /proc.
// bench/stalled-ui.ts makes the full measurement (a 30 s stall, against a run never stalled).
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_TRANSPORT_LIMITS } from '../../server/ws-transport';
import { startEventLoad, type RunningLoad } from './support/event-load';
import { enginePid, engineStats, rssBytes } from './support/engine-probe';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';
import { pageRecord, recordPage, stallPage } from './support/stalled-page';
import { openClient, send } from './support/tcp-client';

const MiB = 1024 * 1024;
/** The total capture limit the test sets in the UI: the engine's store stays within it. */
const CAPTURE_CAP_MIB = 8;
const STALL_MS = 10_000;
/**
 * Connections the 5,000 events/s are spread over. Each batch (one per 33 ms) carries a snapshot
 * of every connection that changed, so this sets the batch volume: ~2 MB/s at 150, which a
 * stalled tab's backlog turns into a resync within the stall, and a live tab keeps up with.
 */
const HELD = 150;
/** How long the stall may go on waiting for the server to cut the tab off. */
const STALL_MAX_MS = 20_000;
/** What serve logs when it cuts a tab off (server/ws-transport.ts). */
const RESYNC_LINE = /browser tab fell .* behind/;

test.skip(process.platform !== 'linux', 'reads the engine’s memory from /proc');

let server: RunningServer;
test.beforeAll(async () => {
  server = await startPortholeServer();
});
test.afterAll(async () => {
  await server.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const shownTotal = async (page: Page) =>
  Number(await page.getByRole('status', { name: 'Status' }).getAttribute('data-connections-total'));

async function setTotalCap(page: Page, mib: number): Promise<void> {
  await page.getByRole('button', { name: 'Capture limits' }).click();
  const limits = page.getByRole('form', { name: 'Capture limits' });
  await limits.getByLabel('Total limit (MiB)').fill(String(mib));
  await limits.getByRole('button', { name: 'Apply limits' }).click();
  await expect(limits.getByRole('status')).toContainText('Limits applied');
}

test('a tab stalled under 5,000 events/s costs the engine a bounded amount and catches up live', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await recordPage(page);
  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  await setTotalCap(page, CAPTURE_CAP_MIB);
  const pid = enginePid(server);

  // 5,000 socket reads a second over HELD connections, plus 50 new connections a second.
  let load: RunningLoad | undefined = await startEventLoad(port, {
    messagesPerSecond: 5000,
    heldConnections: HELD,
    churnPerSecond: 50,
  });
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssBytes(pid)), 100);
  try {
    // The tab keeps up first: every held connection is on screen.
    await expect.poll(() => shownTotal(page)).toBeGreaterThanOrEqual(HELD);
    // The same load with the tab live, for as long as the stall will last: how much the engine's
    // memory moves anyway (its heap grows to the allocation rate, the store fills).
    const liveStart = rssBytes(pid);
    samples.length = 0;
    await sleep(STALL_MS);
    const drift = Math.max(0, Math.max(...samples) - liveStart);

    // The socket the tab stalls on: on a busy machine a live tab can be cut off too, and may
    // stall between losing its socket and opening the next, so a resync counts from here.
    const liveSince = (await pageRecord(page)).sockets.at(-1)?.openedAt ?? 0;
    const before = rssBytes(pid);
    samples.length = 0;
    const stall = await stallPage(page);
    await sleep(STALL_MS);
    const resyncLine = () =>
      server.stderrLines().find((l) => l.at >= liveSince && RESYNC_LINE.test(l.line));
    while (resyncLine() === undefined && Date.now() - stall.pausedAt < STALL_MAX_MS) {
      await sleep(100);
    }
    const stalledMs = Date.now() - stall.pausedAt;
    const counted = (await engineStats(server)).connectionsTotal;
    await stall.resume();
    const resumedAt = Date.now();

    // Back: without a reload it shows at least what the engine had counted while it was away.
    await expect.poll(() => shownTotal(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(counted);
    const catchUpMs = Date.now() - resumedAt;
    // New traffic shows up live: a client that connects now is found in the list.
    const probe = await openClient(port);
    await send(probe, 'after the stall\n');
    const grid = page.getByRole('grid', { name: 'Connections' });
    await page
      .getByRole('searchbox', { name: 'Client address' })
      .fill(`127.0.0.1:${probe.localPort}`);
    await expect(grid.getByRole('row').filter({ hasText: `:${probe.localPort}` })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Client address' }).fill('');
    const peak = Math.max(before, ...samples);
    clearInterval(sampler);

    const summary = await load.stop();
    load = undefined;
    probe.destroy();
    // Once the load stops, the tab shows exactly the engine's totals, connected, with no alert.
    await expect
      .poll(async () => (await engineStats(server)).connectionsTotal)
      .toBe(summary.connections + 1);
    const engine = await engineStats(server);
    const status = page.getByRole('status', { name: 'Status' });
    await expect(status).toContainText(
      `${engine.connectionsTotal.toLocaleString('en-US')} connections in total`,
    );
    await expect(status).toContainText('0 live connections');
    const inHistory = engine.connectionsTotal - engine.connectionsEvicted;
    await expect(grid).toHaveAttribute('aria-rowcount', String(inHistory + 1));
    await expect(page.getByText('Engine connected')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    const record = await pageRecord(page);
    const resync = resyncLine();
    const growth = peak - before;
    test.info().annotations.push({
      type: 'stalled UI',
      description:
        `stalled ${(stalledMs / 1000).toFixed(1)} s; live drift +${(drift / MiB).toFixed(1)} MiB; engine RSS before ${(before / MiB).toFixed(1)} MiB, ` +
        `peak ${(peak / MiB).toFixed(1)} (+${(growth / MiB).toFixed(1)}), after ${(rssBytes(pid) / MiB).toFixed(1)} MiB; ` +
        `resync ${resync ? `after ${((resync.at - stall.pausedAt) / 1000).toFixed(1)} s` : 'never'}; ` +
        `sockets ${record.sockets.length} (close codes ${record.sockets.map((s) => s.code ?? '-').join(', ')}); ` +
        `caught up in ${catchUpMs} ms`,
    });
    console.log(`[stalled UI] ${test.info().annotations.at(-1)?.description ?? ''}`);

    // The server cut the stalled tab off (at ~2 MB/s of batches its backlog passes
    // slowClientBytes, plus what the kernel holds, within the stall), the tab reconnected once
    // back, and it never showed anything that needs a reload: no "not signed in" banner, no
    // failed re-list, no crashed view. (On a busy machine a live tab may be cut off too; it
    // recovers the same way.)
    expect(resync, 'the server cut the stalled tab off').toBeDefined();
    expect(record.sockets.some((s) => s.openedAt >= resumedAt)).toBe(true);
    expect(
      record.alerts.filter((text) => /not signed in|hit a problem|could not|reload/i.test(text)),
    ).toEqual([]);

    // The bound, from the limits in play: the stalled tab's backlog, which the server holds up
    // to slowClientBytes before it cuts the tab off; what the engine's store may add, up to the
    // total cap set above; and what the engine's memory moved anyway in an equally long window
    // just before, the tab live (its heap grows to this load's allocation rate, by tens of MiB
    // in the first seconds, stall or no stall). In 10 s at ~2 MB/s an unbounded backlog would
    // only just pass slowClientBytes, so this alone cannot tell the rule from luck: the resync
    // above shows the rule at work, and this that nothing else piles up meanwhile.
    const bound = DEFAULT_TRANSPORT_LIMITS.slowClientBytes + CAPTURE_CAP_MIB * MiB + drift;
    expect(growth, `bound ${(bound / MiB).toFixed(1)} MiB`).toBeLessThanOrEqual(bound);
  } finally {
    clearInterval(sampler);
    load?.kill();
  }
});
