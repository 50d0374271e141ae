// A UDP flood while Porthole is stopped (SIGSTOP, so it cannot read and its receive buffer
// overflows): the port says how many datagrams the OS dropped, and what it captured plus what
// was dropped is what was sent.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import { openSuggestedPort } from './support/ports-ui';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startPortholeServer();
});
test.afterAll(async () => {
  await server.stop();
});

/** `serve` and, where it re-runs itself with huge pages (glibc), the child that runs the engine. */
function engineProcesses(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...children];
}

const SENT = 40_000;
const SIZE = 200;

test('datagrams the OS dropped are counted on the port', async ({ page }) => {
  test.skip(process.platform !== 'linux', 'only Linux counts UDP drops per socket');
  await page.goto(await server.link());
  await page
    .getByRole('form', { name: 'Open a port' })
    .getByRole('combobox', { name: 'Protocol' })
    .selectOption('udp');
  const port = await openSuggestedPort(page);
  const pids = engineProcesses(server.process.pid ?? 0);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  try {
    const sender = spawnSync(
      process.execPath,
      [
        '-e',
        `const s = require('node:dgram').createSocket('udp4');
         const d = Buffer.alloc(${SIZE}, 0x61);
         let left = ${SENT}, pending = ${SENT};
         const done = (e) => { if (e) throw e; if (--pending === 0) s.close(); };
         (function burst() {
           for (let i = 0; i < 500 && left > 0; i++, left--) s.send(d, ${port}, '127.0.0.1', done);
           if (left > 0) setImmediate(burst);
         })();`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(sender.status, sender.stderr).toBe(0);
  } finally {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }
  const item = page.getByRole('listitem', { name: `Port localhost:${port}` });
  const drops = item.getByText(/datagrams? dropped by the OS/);
  await expect(drops).toBeVisible();
  // Captured (exact bytes in the tooltip) + dropped = sent.
  await expect
    .poll(async () => {
      const dropped = Number((await drops.textContent())?.replace(/\D/g, ''));
      const title = (await item.locator('.port-bytes').getAttribute('title')) ?? '';
      const bytesIn = Number(/^([\d,]+) bytes in/.exec(title)?.[1]?.replace(/,/g, ''));
      return bytesIn / SIZE + dropped;
    })
    .toBe(SENT);
});
