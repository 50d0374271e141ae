// Starts the real browser-mode server (`porthole serve`) as a user would and reads the one URL
// line it prints. The built CLI is used, so the test exercises what `npm run serve` ships.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../dist/server/cli.cjs', import.meta.url));

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly process: ChildProcess;
  /** Where it keeps captures. */
  readonly dataDir: string;
  stop(): Promise<number | null>;
}

export interface ServerOptions {
  /** Start it with at most this many open files (POSIX `ulimit -n`), to run out for real. */
  readonly fdLimit?: number;
  /**
   * Its data folder. By default each server gets a fresh one that stop() removes, so tests never
   * write into the user's own data folder.
   */
  readonly dataDir?: string;
}

export async function startPortholeServer(
  extraArgs: string[] = [],
  options: ServerOptions = {},
): Promise<RunningServer> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first`);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'porthole-e2e-'));
  const args = [cli, 'serve', ...extraArgs];
  if (!extraArgs.includes('--no-persist')) args.push('--data-dir', dataDir);
  // `exec` keeps the pid the server's own, so stop() signals Porthole, not the shell.
  const child =
    options.fdLimit === undefined
      ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(
          '/bin/sh',
          ['-c', `ulimit -n ${options.fdLimit} && exec "$@"`, 'sh', process.execPath, ...args],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  if (!child.stdout) throw new Error('serve has no stdout');
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${stderr}`)), 15_000);
    lines.on('line', (line) => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    process: child,
    dataDir,
    async stop() {
      const removeData = () => {
        if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      };
      if (child.exitCode !== null) {
        removeData();
        return child.exitCode;
      }
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      const [code] = (await exited) as [number | null];
      removeData();
      return code;
    },
  };
}
