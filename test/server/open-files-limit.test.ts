// Every held connection is a file descriptor. Started from a session whose soft "open files"
// limit is low (1,024 is common) under a higher hard limit, `porthole serve` must run with the
// hard limit, or 10,000 connections fail at the 1,024th. Node's start-up raises it; this checks
// the shipped CLI still gets that (a wrapper or launcher change could lose it).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/server/cli.cjs', import.meta.url));
const LOW_SOFT_LIMIT = 256;

function openFilesLimits(pid: number | 'self'): { soft: string; hard: string } {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft = '', hard = ''] = (line ?? '').slice('Max open files'.length).trim().split(/\s+/);
  return { soft, hard };
}

test('serve started with a low soft open-files limit runs with the hard limit', async (t) => {
  if (process.platform !== 'linux') return t.skip('reads the limits from /proc (Linux only)');
  if (!existsSync('/usr/bin/prlimit')) return t.skip('prlimit not installed (util-linux)');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first`);
  const { hard } = openFilesLimits('self');
  if (hard !== 'unlimited' && Number(hard) <= LOW_SOFT_LIMIT) {
    return t.skip(`the hard limit here (${hard}) leaves nothing to raise`);
  }

  const child = spawn(
    '/usr/bin/prlimit',
    [
      `--nofile=${LOW_SOFT_LIMIT}:${hard}`,
      process.execPath,
      cli,
      'serve',
      '--no-open',
      '--no-persist',
      '--port',
      '0',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  t.after(() => child.kill('SIGKILL'));
  // prlimit execs the command, so the child's pid is the server's once it prints its link.
  const lines = createInterface({ input: child.stdout });
  let printed = false;
  for await (const line of lines) {
    if (/http:\/\/127\.0\.0\.1:\d+\//.test(line)) {
      printed = true;
      break;
    }
  }
  assert.ok(printed, 'serve printed its link');
  assert.ok(child.pid !== undefined);
  const limits = openFilesLimits(child.pid);
  t.diagnostic(
    `started with soft ${LOW_SOFT_LIMIT}, hard ${hard}; serve runs with soft ${limits.soft}`,
  );
  assert.equal(limits.soft, limits.hard);
  child.kill('SIGTERM');
  await once(child, 'exit');
});
