// `porthole serve` as a user runs it: the built CLI prints one URL line, serves the UI, opens
// ports on request, and on Ctrl+C / SIGTERM closes everything and exits 0.

import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../shared/contract';
import type { ListenerInfo } from '../../shared/model';
import { open as openFile } from 'node:fs/promises';
import { readCapture, readChunk } from '../../engine';
import { httpGet, PRINTED_LINK, signIn, WireClient, wsConnect } from '../support/serve-client';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'server', 'cli.cjs');
const bin = join(root, 'bin', 'porthole.cjs');

interface Serving {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly lines: string[];
  readonly stderr: () => string;
}

/** Where every served Porthole in this file keeps captures, unless a test says otherwise. */
let dataHome: string;

function serve(args: string[] = ['--no-open']): Promise<Serving> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PORTHOLE_DATA_DIR: dataHome },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${stderr}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const link = PRINTED_LINK.exec(line)?.[1];
      if (link === undefined) return;
      clearTimeout(timer);
      signIn(link).then(
        ({ port, token }) =>
          resolve({ child, url: link, port, token, lines, stderr: () => stderr }),
        reject,
      );
    });
  });
}

function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function runCli(args: string[], entry = cli) {
  return spawnSync(process.execPath, [entry, ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, PORTHOLE_DATA_DIR: dataHome },
  });
}

after(() => rmSync(dataHome, { recursive: true, force: true }));

before(() => {
  dataHome = mkdtempSync(join(tmpdir(), 'porthole-cli-data-'));
  // `npm test` builds first; building here keeps the file runnable on its own.
  if (!existsSync(cli) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], {
      cwd: root,
      stdio: 'inherit',
    });
    assert.equal(built.status, 0, 'build failed');
  }
});

describe('porthole serve', () => {
  test('prints one URL line, serves the UI, and Ctrl+C closes the ports it opened', async () => {
    const s = await serve();
    const exited = once(s.child, 'exit');
    try {
      assert.equal(s.lines[0], `Porthole is running at ${s.url}`);
      const page = await httpGet(s.port, new URL(s.url).pathname);
      assert.equal(page.status, 200);
      assert.match(page.body, /<div id="root">/);

      // The token lives only inside the process, never on its command line.
      if (process.platform === 'linux' && s.child.pid) {
        const cmdline = readFileSync(`/proc/${s.child.pid}/cmdline`, 'utf8');
        assert.ok(!cmdline.includes(s.token));
      }

      const outcome = await wsConnect(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`, {
        origin: `http://127.0.0.1:${s.port}`,
      });
      assert.equal(outcome.kind, 'open');
      const wire = new WireClient(outcome.kind === 'open' ? outcome.ws : (undefined as never));
      const opened = (await wire.call('openListener', { port: 0 })) as Result<ListenerInfo>;
      assert.ok(opened.ok && opened.value.port);
      const listenerPort = opened.value.port;
      assert.equal(await tryConnect(listenerPort), 'connected');

      s.child.kill('SIGINT');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0, s.stderr());
      assert.match(s.lines.join('\n'), /Porthole stopped/);
      assert.equal(await tryConnect(listenerPort), 'ECONNREFUSED');
      assert.equal(await tryConnect(s.port), 'ECONNREFUSED');
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  test('each line on its stdin (Enter at its terminal) prints a new one-time link', async () => {
    const s = await serve();
    const exited = once(s.child, 'exit');
    try {
      assert.match(s.lines[1] ?? '', /Press Enter here for another link/);
      const printed = s.lines.length;
      s.child.stdin?.write('\n');
      const line = await new Promise<string>((resolve) => {
        const poll = setInterval(() => {
          const found = s.lines.slice(printed).find((l) => l.startsWith('Open Porthole: '));
          if (found === undefined) return;
          clearInterval(poll);
          resolve(found);
        }, 20);
      });
      const link = line.slice('Open Porthole: '.length);
      assert.notEqual(link, s.url);
      assert.equal((await signIn(link)).token, s.token);
      // The first link was spent when this test signed in with it.
      await assert.rejects(signIn(s.url), /POST \/session: 403/);
      s.child.kill('SIGINT');
      assert.equal(((await exited) as [number | null])[0], 0, s.stderr());
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  test('SIGTERM also stops it cleanly', async () => {
    const s = await serve(['--no-open', '--port=0']);
    const exited = once(s.child, 'exit');
    s.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0, s.stderr());
    assert.equal(await tryConnect(s.port), 'ECONNREFUSED');
  });

  test('--port N uses that port; a port in use is a clear error, exit 1', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as { port: number }).port;
    try {
      const result = runCli(['serve', '--no-open', '--port', String(taken)]);
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`Port ${taken} on 127\\.0\\.0\\.1 is already in use`));
      assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
    } finally {
      blocker.close();
    }
    await once(blocker, 'close');
    const s = await serve(['--no-open', '--port', String(taken)]);
    assert.equal(s.port, taken);
    const exited = once(s.child, 'exit');
    s.child.kill('SIGINT');
    assert.equal(((await exited) as [number | null])[0], 0);
  });
});

describe('porthole serve keeps captures', () => {
  /** Serve, open a port, send `payload` to it, stop with Ctrl+C; resolves with what it printed. */
  async function captureOnce(args: string[], payload: Buffer): Promise<string[]> {
    const s = await serve(['--no-open', ...args]);
    const exited = once(s.child, 'exit');
    const outcome = await wsConnect(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`, {
      origin: `http://127.0.0.1:${s.port}`,
    });
    assert.equal(outcome.kind, 'open');
    const wire = new WireClient(outcome.kind === 'open' ? outcome.ws : (undefined as never));
    const opened = (await wire.call('openListener', { port: 0 })) as Result<ListenerInfo>;
    assert.ok(opened.ok && opened.value.port);
    const client = connect({ host: '127.0.0.1', port: opened.value.port });
    await once(client, 'connect');
    client.end(payload);
    await once(client, 'close');
    s.child.kill('SIGINT');
    assert.equal(((await exited) as [number | null])[0], 0, s.stderr());
    return s.lines;
  }

  test('--data-dir: the capture is on disk after a clean stop, private, every byte exact', async () => {
    const dataDir = join(dataHome, 'chosen');
    const payload = Buffer.from('hello from a client\r\n\x00\xff', 'latin1');
    const lines = await captureOnce(['--data-dir', dataDir], payload);
    assert.ok(lines.includes(`Captures are kept in ${dataDir}`), lines.join('\n'));
    const captures = readdirSync(join(dataDir, 'captures'));
    assert.equal(captures.length, 1);
    const folder = join(dataDir, 'captures', captures[0] ?? '');
    const file = join(folder, 'capture.porthole');
    if (process.platform !== 'win32') {
      assert.equal(statSync(folder).mode & 0o777, 0o700);
      assert.equal(statSync(join(dataDir, 'captures')).mode & 0o777, 0o700);
      assert.equal(statSync(file).mode & 0o777, 0o600);
    }
    const read = await readCapture(file);
    assert.ok(read.ok, !read.ok ? read.error.message : '');
    assert.ok(read.value.endedAt !== null, 'closed cleanly');
    assert.equal(read.value.listeners.size, 1);
    const conn = read.value.connections.get(1) as { state?: string; endReason?: string };
    assert.equal(conn.state, 'closed');
    const handle = await openFile(file, 'r');
    try {
      const bytes = await Promise.all(read.value.chunks.map((ref) => readChunk(handle, ref)));
      assert.deepEqual(Buffer.concat(bytes as Buffer[]), payload);
    } finally {
      await handle.close();
    }
  });

  test('PORTHOLE_DATA_DIR is the default folder; --no-persist writes nothing', async () => {
    const lines = await captureOnce([], Buffer.from('x'));
    assert.ok(lines.includes(`Captures are kept in ${dataHome}`), lines.join('\n'));
    const before = readdirSync(join(dataHome, 'captures')).length;
    const memoryOnly = await captureOnce(['--no-persist'], Buffer.from('y'));
    assert.ok(memoryOnly.includes('Captures are kept in memory only (--no-persist).'));
    assert.equal(readdirSync(join(dataHome, 'captures')).length, before);
  });
});

describe('porthole arguments', () => {
  test('--help prints usage and exits 0; so does serve --help', () => {
    for (const args of [['--help'], ['serve', '--help']]) {
      const result = runCli(args);
      assert.equal(result.status, 0);
      assert.match(result.stdout, /porthole serve \[options\]/);
      assert.match(result.stdout, /--data-dir DIR/);
      assert.match(result.stdout, /--no-persist/);
    }
  });

  test('export is a command of the built CLI: its help exits 0, a bad call exits 2', () => {
    const help = runCli(['export', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /porthole export CAPTURE -o FILE/);
    assert.match(runCli(['--help']).stdout, /porthole export CAPTURE/);
    const bad = runCli(['export', 'latest', '--format', 'zip']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Usage:/);
  });

  test('unknown flags, commands and bad ports print usage and exit 2', () => {
    for (const args of [
      [],
      ['--bogus'],
      ['bogus'],
      ['serve', '--token', 'x'],
      ['serve', '--port', 'abc'],
      ['serve', '--port', '70000'],
      ['serve', '--data-dir'],
      ['serve', '--data-dir', '/tmp/x', '--no-persist'],
    ]) {
      const result = runCli(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /Usage:/);
    }
  });

  test('bin/porthole.cjs runs the built CLI', () => {
    const result = runCli(['--version'], bin);
    assert.equal(result.status, 0);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(result.stdout.trim(), pkg.version);
  });

  test('without a built UI, serve says to run npm run build and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-cli-'));
    try {
      mkdirSync(join(dir, 'server'));
      const lonely = join(dir, 'server', 'cli.cjs');
      copyFileSync(cli, lonely);
      const result = runCli(['serve', '--no-open'], lonely);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /npm run build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
