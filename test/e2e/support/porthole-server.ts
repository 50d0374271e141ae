// Starts the real browser-mode server (`porthole serve`) as a user would and reads the link it
// prints. A link opens one tab, once; link() asks for another the way a person does, by
// pressing Enter at its terminal (a line on its stdin). The built CLI is used, so the test
// exercises what `npm run serve` ships.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signIn } from '../../support/serve-client';

const cli = fileURLToPath(new URL('../../../dist/server/cli.cjs', import.meta.url));
const LINK = /(http:\/\/127\.0\.0\.1:\d+\/#code=[\w-]+)/;

export interface RunningServer {
  /** A new one-time link to open a tab with. */
  link(): Promise<string>;
  readonly origin: string;
  /** The run's token, from swapping the first printed link at POST /session as a page would. */
  readonly token: string;
  readonly process: ChildProcess;
  /** Where it keeps captures. */
  readonly dataDir: string;
  /** What it wrote to stderr so far, line by line, each with when it arrived (ms since epoch). */
  stderrLines(): readonly { readonly at: number; readonly line: string }[];
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
      ? spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(
          '/bin/sh',
          ['-c', `ulimit -n ${options.fdLimit} && exec "$@"`, 'sh', process.execPath, ...args],
          { stdio: ['pipe', 'pipe', 'pipe'] },
        );
  let stderr = '';
  if (!child.stdout || !child.stderr) throw new Error('serve has no stdout or stderr');
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const errorLines: { at: number; line: string }[] = [];
  createInterface({ input: child.stderr }).on('line', (line) =>
    errorLines.push({ at: Date.now(), line }),
  );
  const lines = createInterface({ input: child.stdout });
  const printed: string[] = [];
  const waiting: ((link: string) => void)[] = [];
  lines.on('line', (line) => {
    const link = LINK.exec(line)?.[1];
    if (link === undefined) return;
    const next = waiting.shift();
    if (next) next(link);
    else printed.push(link);
  });
  const nextLink = () =>
    new Promise<string>((resolve, reject) => {
      const ready = printed.shift();
      if (ready !== undefined) return resolve(ready);
      const timer = setTimeout(() => reject(new Error(`serve printed no link: ${stderr}`)), 15_000);
      waiting.push((link) => {
        clearTimeout(timer);
        resolve(link);
      });
    });
  // Resolves (never rejects) on exit, so losing the race later is not an unhandled rejection.
  const exited = once(child, 'exit').then(([code]) => new Error(`serve exited ${code}: ${stderr}`));
  const first = await Promise.race([nextLink(), exited]);
  if (first instanceof Error) throw first;
  const origin = new URL(first).origin;
  const { token } = await signIn(first);
  return {
    async link() {
      child.stdin?.write('\n');
      return nextLink();
    },
    origin,
    token,
    process: child,
    dataDir,
    stderrLines: () => errorLines,
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
