// `porthole serve --workspace FILE` as a script runs it: the built CLI checks the file before
// anything starts (a bad one: exit 2, the file and the field named, nothing started), and with a
// good one the ports are open by the time the URL is printed, and are remembered afterwards.

import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../shared/contract';
import type { ListenerInfo } from '../../shared/model';
import { collect, connectClient } from '../support/engine-harness';
import { WireClient, wsConnect, signIn } from '../support/serve-client';
import { udpPeer } from '../support/udp-client';
import { within } from '../support/within';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'server', 'cli.cjs');
let home: string;

before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-cli-workspace-'));
  // `npm test` builds first; building here keeps the file runnable on its own.
  if (!existsSync(cli) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], {
      cwd: root,
      stdio: 'inherit',
    });
    assert.equal(built.status, 0, 'build failed');
  }
});
after(() => rmSync(home, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const file = join(home, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

function runCli(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, PORTHOLE_DATA_DIR: join(home, 'default-data') },
  });
}

/** Serve until the URL line; then the ports over the WebSocket, and a Ctrl+C that waits. */
async function serve(args: string[]) {
  const child = spawn(process.execPath, [cli, 'serve', '--no-open', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit');
  const lines: string[] = [];
  const url = await within(
    new Promise<URL>((resolve, reject) => {
      void exited.then(([code]) => reject(new Error(`serve exited ${String(code)}: ${stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        const match = /^Porthole is running at (\S+)$/.exec(line);
        if (match) resolve(new URL(match[1] ?? ''));
      });
    }),
    'the URL line',
    15_000,
  );
  const { token } = await signIn(url.href);
  const outcome = await wsConnect(`ws://${url.host}/ws?token=${token}`, { origin: url.origin });
  assert.equal(outcome.kind, 'open');
  const wire = new WireClient(outcome.kind === 'open' ? outcome.ws : (undefined as never));
  return {
    lines,
    stderr: () => stderr,
    async listeners(): Promise<ListenerInfo[]> {
      const result = (await wire.call('listListeners', {})) as Result<ListenerInfo[]>;
      assert.ok(result.ok);
      return result.value;
    },
    async stop(): Promise<number | null> {
      child.kill('SIGINT');
      const [code] = (await within(exited, 'serve to stop')) as [number | null];
      return code;
    },
  };
}

describe('porthole serve --workspace', () => {
  test('every port of the file is open when the URL is printed, and remembered after', async () => {
    const dataDir = join(home, 'data');
    const file = writeJson('services.json', {
      kind: 'porthole-workspace',
      version: 1,
      ports: [
        { host: '127.0.0.1', port: 0, behaviour: { kind: 'echo' } },
        { protocol: 'udp', host: '127.0.0.1', port: 0, behaviour: { kind: 'echo' } },
      ],
    });
    const s = await serve(['--workspace', file, '--data-dir', dataDir]);
    let ports: ListenerInfo[];
    try {
      ports = await s.listeners();
      assert.deepEqual(
        ports.map((l) => [l.protocol, l.state, l.behaviour.kind]),
        [
          ['tcp', 'open', 'echo'],
          ['udp', 'open', 'echo'],
        ],
      );
      const opened = s.lines.find((line) => line.startsWith('Opened at start: '));
      assert.equal(
        opened,
        `Opened at start: TCP 127.0.0.1:${ports[0]?.port}, UDP 127.0.0.1:${ports[1]?.port}`,
      );
      const client = await connectClient(ports[0]?.port ?? 0);
      const echoed = collect(client);
      client.end('fake service');
      assert.equal((await echoed).toString(), 'fake service');
      const peer = await udpPeer();
      await peer.send('datagram', ports[1]?.port ?? 0);
      assert.equal((await peer.next()).data.toString(), 'datagram');
      await peer.close();
    } finally {
      assert.equal(await s.stop(), 0, s.stderr());
    }

    const remembered = JSON.parse(readFileSync(join(dataDir, 'workspace.json'), 'utf8')) as {
      ports: { port: number }[];
    };
    assert.deepEqual(
      remembered.ports.map((p) => p.port),
      ports.map((l) => l.port),
    );
    // Started again without the file: the ports are back, closed, ready to open.
    const again = await serve(['--data-dir', dataDir]);
    try {
      const listed = await again.listeners();
      assert.deepEqual(
        listed.map((l) => [l.protocol, l.state, l.requestedPort]),
        ports.map((l) => [l.protocol, 'closed', l.port]),
      );
    } finally {
      assert.equal(await again.stop(), 0, again.stderr());
    }
  });

  test('a bad file: exit 2 naming the file and the field; nothing is started', () => {
    const base = { kind: 'porthole-workspace', version: 1 };
    const cases: [string, string, RegExp][] = [
      [
        writeJson('bad-port.json', { ...base, ports: [{ port: 0 }, { port: 99999 }] }),
        'bad-port.json',
        /: ports\[1\]\.port: /,
      ],
      [
        writeJson('udp-http.json', {
          ...base,
          ports: [{ protocol: 'udp', port: 1, behaviour: { kind: 'http' } }],
        }),
        'udp-http.json',
        /: ports\[0\]\.behaviour: The HTTP responder needs a TCP port/,
      ],
      [writeJson('newer.json', { ...base, version: 7, ports: [] }), 'newer.json', /version: /],
      [writeJson('broken.json', '{"kind": '), 'broken.json', /not valid JSON/],
      [join(home, 'missing.json'), 'missing.json', /no such file/],
    ];
    for (const [file, name, field] of cases) {
      const dataDir = join(home, `untouched-${name}`);
      const result = runCli(['serve', '--no-open', '--data-dir', dataDir, '--workspace', file]);
      assert.equal(result.status, 2, `${name}: ${result.stderr}`);
      assert.ok(result.stderr.includes(file), `${name}: names the file`);
      assert.match(result.stderr, field, name);
      assert.match(result.stderr, /Nothing was started/);
      assert.ok(!result.stdout.includes('Porthole is running'), `${name}: not started`);
      assert.ok(!existsSync(dataDir), `${name}: no data folder was created`);
    }
  });

  test('--workspace needs a file, and is in the help', () => {
    for (const args of [
      ['serve', '--workspace'],
      ['serve', '--workspace='],
    ]) {
      const result = runCli(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /--workspace needs a file/);
    }
    const help = runCli(['serve', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--workspace FILE/);
  });
});
