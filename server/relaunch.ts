// Browser mode runs its engine in a child process started with glibc's transparent huge pages
// for malloc (GLIBC_TUNABLES=glibc.malloc.hugetlb=1). Recording keeps every captured byte, and
// every 4 KiB page of fresh memory costs a page fault; with 2 MiB pages it is one fault in 512.
// Measured on this project's machines: capture throughput about doubles (see docs/bench-latest.md).
// The tunable is read by glibc at process start, so it cannot be switched on from inside.
//
// The parent only waits: it forwards the stop signals (the child is in a process group of its
// own, so a terminal's Ctrl+C reaches it exactly once, through the parent) and exits with the
// child's code. If the parent dies without a signal, the child sees its IPC channel close and
// stops as if told to.

import { spawn } from 'node:child_process';

const TUNABLE = 'glibc.malloc.hugetlb=1';
const RELAUNCHED = 'PORTHOLE_RELAUNCHED';
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function usesGlibc(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
  return typeof report.header?.glibcVersionRuntime === 'string';
}

/**
 * Whether to run serve again with huge pages: on Linux with glibc, unless the tunables are
 * already set (by us or by the person), or PORTHOLE_HUGE_PAGES=0 turns it off.
 */
export function shouldRelaunch(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux' || env[RELAUNCHED] === '1') return false;
  if (env.PORTHOLE_HUGE_PAGES === '0' || env.GLIBC_TUNABLES !== undefined) return false;
  return usesGlibc();
}

/** Runs this CLI again with the same arguments in a huge-pages child; resolves its exit code. */
export function relaunchWithHugePages(): Promise<number> {
  const script = process.argv[1] ?? '';
  const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, GLIBC_TUNABLES: TUNABLE, [RELAUNCHED]: '1' },
  });
  for (const signal of FORWARDED) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error('Porthole could not start its engine process:', error.message);
      resolve(1);
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/** In the child: a parent that went away (no signal reached us) means stop, cleanly. */
export function stopWithParent(): void {
  if (process.env[RELAUNCHED] !== '1' || process.send === undefined) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
