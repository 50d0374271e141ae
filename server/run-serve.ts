// `porthole serve`: engine + browser-mode server until Ctrl+C / SIGTERM, then everything is
// closed (every port the user opened included) and the exit code is 0.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ListenerInfo } from '../shared/model';
import type { Workspace } from '../shared/workspace';
import { browserModeDataDir, createEngine, type Engine } from '../engine';
import { openBrowser } from './open-browser';
import { startServer, type RunningServer } from './start-server';
import { INDEX_FILE } from '../shared/safe-path';

export interface ServeOptions {
  readonly port: number;
  readonly open: boolean;
  readonly staticDir: string;
  /** `--data-dir`, when given. */
  readonly dataDir: string | null;
  /** False with `--no-persist`: captures stay in memory. */
  readonly persist: boolean;
  /** `--workspace`, already read and checked: its ports are added and opened at start. */
  readonly workspace: Workspace | null;
  /** The largest upload the page may import; null for the default. */
  readonly maxImportBytes: number | null;
  readonly version: string;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** A shutdown that takes longer than this is abandoned: the OS closes the sockets on exit. */
const STOP_TIMEOUT_MS = 5000;

export async function runServe(options: ServeOptions): Promise<number> {
  const index = join(options.staticDir, INDEX_FILE);
  if (!existsSync(index)) {
    console.error(
      `Porthole's user interface is not built (${index} is missing).\n` +
        'Run `npm run build` in the Porthole folder, then try again.',
    );
    return 1;
  }

  // Listen for Ctrl+C before anything is printed: whoever reads the URL may stop us at once.
  const stopRequested = waitForStopSignal();
  const dataDir = options.persist
    ? browserModeDataDir({ flag: options.dataDir ?? undefined })
    : null;
  const engine = createEngine({
    version: options.version,
    ...(dataDir !== null ? { persist: { dataDir } } : {}),
    ...(options.workspace !== null ? { startWorkspace: options.workspace } : {}),
  });
  let server: RunningServer;
  let started: readonly ListenerInfo[];
  try {
    // The ports opened at start are tried before the URL is printed: a script that waits for
    // the URL line finds its fake services listening.
    started = await engine.started;
    server = await startServer({
      engine,
      port: options.port,
      staticDir: options.staticDir,
      ...(options.maxImportBytes === null ? {} : { maxImportBytes: options.maxImportBytes }),
    });
  } catch (error) {
    await engine.close();
    console.error(describeListenError(error, options.port));
    return 1;
  }

  console.log(`Porthole is running at ${server.newLink()}`);
  console.log('Each link opens one browser tab, once. Press Enter here for another link.');
  console.log(
    dataDir !== null
      ? `Captures are kept in ${dataDir}`
      : 'Captures are kept in memory only (--no-persist).',
  );
  reportStart(engine, started);
  console.log('Press Ctrl+C to stop.');
  // Only for a person at a terminal; scripts and tests that read the URL get no browser.
  if (options.open && process.stdout.isTTY) {
    openBrowser(server.launchLink(), () =>
      console.error('Could not open a browser: open the link above yourself.'),
    );
  }
  const stopLinks = printLinkOnEnter(server);

  await stopRequested;
  stopLinks();
  const watchdog = setTimeout(() => {
    console.error('Porthole did not stop in time; exiting anyway.');
    process.exit(1);
  }, STOP_TIMEOUT_MS);
  watchdog.unref();
  try {
    await server.close();
    await engine.close();
    console.log('Porthole stopped; every port it opened is closed.');
    return 0;
  } catch (error) {
    console.error('Porthole could not stop cleanly:', error);
    return 1;
  } finally {
    clearTimeout(watchdog);
  }
}

/**
 * A new one-time link for each line typed at Porthole's terminal (or written to its stdin by a
 * script): a second browser, a tab whose session ended. Returns the way to stop listening.
 */
function printLinkOnEnter(server: RunningServer): () => void {
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', () => console.log(`Open Porthole: ${server.newLink()}`));
  // A closed or unreadable stdin (a service, `< /dev/null`) just means no more links this way.
  process.stdin.on('error', () => lines.close());
  return () => {
    lines.close();
    process.stdin.destroy();
  };
}

/** The ports opened at start, and a remembered-ports file that had to be set aside. */
function reportStart(engine: Engine, started: readonly ListenerInfo[]): void {
  const open = started.filter((l) => l.state === 'open');
  if (open.length > 0) {
    const names = open.map((l) => `${l.protocol.toUpperCase()} ${hostPort(l.host, l.port)}`);
    console.log(`Opened at start: ${names.join(', ')}`);
  }
  for (const l of started) {
    if (l.state === 'open') continue;
    const what = `${l.protocol.toUpperCase()} ${hostPort(l.host, l.port ?? l.requestedPort)}`;
    const why = [l.error?.message ?? `it is ${l.state}`, l.error?.hint].filter(Boolean).join(' ');
    console.error(`Could not open ${what}: ${why}`);
  }
  const setAside = engine.rememberedPorts()?.setAside;
  if (setAside !== undefined && setAside !== null) {
    console.error(
      `The remembered ports could not be read (${setAside.problem}); ` +
        (setAside.movedTo !== null
          ? `the file was kept as ${setAside.movedTo}.`
          : 'the file was left as it is and will not be replaced.'),
    );
  }
}

function hostPort(host: string, port: number | null): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? '?'}`;
}

/** Resolves on the first stop signal; a second one means "now", without cleanup. */
function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (): void => {
      if (stopping) {
        console.error('Stopping immediately.');
        process.exit(130);
      }
      stopping = true;
      console.log('Stopping Porthole...');
      resolve();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  });
}

function describeListenError(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return `Port ${port} on 127.0.0.1 is already in use. Pick another with --port N, or leave --port out to use a free port.`;
  }
  if (code === 'EACCES') {
    return `Permission denied to listen on port ${port}. Use a port from 1024 to 65535, or leave --port out.`;
  }
  return `Porthole could not start: ${error instanceof Error ? error.message : String(error)}`;
}
