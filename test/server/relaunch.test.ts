// Browser mode on Linux runs its engine in a child started with glibc's huge pages for malloc:
// the child really has the tunable; a stop signal to the launcher reaches the engine exactly
// once (a clean stop, the capture closed with its end record); a launcher killed outright still
// takes the engine down cleanly; PORTHOLE_HUGE_PAGES=0 keeps one process.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { readCapture } from '../../engine';
import { within } from '../support/within';

const cli = fileURLToPath(new URL('../../dist/server/cli.cjs', import.meta.url));
const glibc =
  typeof (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header
    ?.glibcVersionRuntime === 'string';
const skip =
  process.platform !== 'linux' || !glibc ? 'huge pages are set up on Linux with glibc only' : false;

function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(' ').map(Number);
}

/** A port free a moment ago, for the start workspace's one capture port. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Serve with one capture port (from a start workspace) that has recorded one connection. */
async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const workspace = join(dataDir, 'start.json');
  writeFileSync(
    workspace,
    JSON.stringify({
      kind: 'porthole-workspace',
      version: 1,
      ports: [{ host: '127.0.0.1', port }],
    }),
  );
  const args = ['serve', '--no-open', '--data-dir', dataDir, '--workspace', workspace];
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  const url = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('Porthole is running at')) resolve();
    });
  });
  await within(url, 'the URL line');
  const client = connect({ host: '127.0.0.1', port });
  await once(client, 'connect');
  client.end('hello');
  await once(client, 'close');
  return { child, lines };
}

/** Whether the process with this pid is gone (or a zombie waiting for its parent). */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z';
  } catch {
    return true;
  }
}

async function untilGone(pid: number): Promise<void> {
  await within(
    (async () => {
      while (!gone(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    })(),
    `process ${pid} to end`,
  );
}

async function captureEnded(dataDir: string): Promise<boolean> {
  const [id] = readdirSync(join(dataDir, 'captures'));
  const read = await readCapture(join(dataDir, 'captures', id ?? '', 'capture.porthole'));
  return read.ok && read.value.endedAt !== null;
}

describe('browser mode with huge pages', { skip }, () => {
  test('the engine runs with the tunable; one Ctrl+C stops it cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porthole-relaunch-'));
    const { child, lines } = await serve(dataDir);
    try {
      const [engine] = childrenOf(child.pid ?? 0);
      assert.ok(engine !== undefined, 'the launcher has an engine process');
      const environ = readFileSync(`/proc/${engine}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes('GLIBC_TUNABLES=glibc.malloc.hugetlb=1'));
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      assert.equal(((await exited) as [number | null])[0], 0);
      await untilGone(engine);
      assert.equal(lines.filter((l) => l.startsWith('Porthole stopped')).length, 1);
      assert.ok(await captureEnded(dataDir), 'the capture was closed with its end record');
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a launcher killed outright takes the engine down cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porthole-relaunch-'));
    const { child } = await serve(dataDir);
    try {
      const [engine] = childrenOf(child.pid ?? 0);
      assert.ok(engine !== undefined);
      child.kill('SIGKILL');
      await untilGone(engine);
      assert.ok(await captureEnded(dataDir), 'the engine stopped as if told to');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('PORTHOLE_HUGE_PAGES=0 keeps one process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porthole-relaunch-'));
    const { child } = await serve(dataDir, { PORTHOLE_HUGE_PAGES: '0' });
    try {
      assert.deepEqual(childrenOf(child.pid ?? 0), []);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
