// A made-up /proc for the Linux lookups' tests: the socket tables, /etc/passwd and processes a
// test machine cannot produce (another user's hidden process, sockets shared through
// SO_REUSEPORT), counting directory reads so tests can check how much was scanned.

import type { ProcFs } from '../../engine/port-holder/proc-fs';

export interface FakeProcess {
  readonly comm: string;
  readonly argv: readonly string[];
  /** fd → link target. */
  readonly fds: Readonly<Record<string, string>>;
  /** Another user's process: its fd directory is EACCES. */
  readonly unreadable?: boolean;
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** /proc with the given tables (path → text) and processes, counting directory reads per path. */
export function fakeProc(
  processes: Readonly<Record<number, FakeProcess>>,
  tables: Readonly<Record<string, string>>,
  passwd: string,
): { fs: ProcFs; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const processOf = (path: string): FakeProcess | undefined =>
    processes[Number(/^\/proc\/(\d+)\//.exec(path)?.[1])];
  const fs: ProcFs = {
    async readText(path) {
      if (path === '/etc/passwd') return passwd;
      if (tables[path] !== undefined) return tables[path] ?? null;
      const proc = processOf(path);
      if (proc === undefined) return null;
      if (path.endsWith('/comm')) return `${proc.comm}\n`;
      if (path.endsWith('/cmdline')) return `${proc.argv.join('\0')}\0`;
      return null;
    },
    async readDir(path) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      if (path === '/proc') return ['self', 'net', ...Object.keys(processes)];
      const proc = processOf(path);
      if (proc === undefined) throw errno('ENOENT');
      if (proc.unreadable === true) throw errno('EACCES');
      return Object.keys(proc.fds);
    },
    async readLink(path) {
      const fd = path.slice(path.lastIndexOf('/') + 1);
      const target = processOf(path)?.fds[fd];
      if (target === undefined) throw errno('ENOENT');
      return target;
    },
  };
  return { fs, reads };
}

/** An fd table holding the given socket inodes (after stdin and a pipe, as real ones do). */
export const sockets = (...inodes: number[]): Record<string, string> =>
  Object.fromEntries([
    ['0', '/dev/null'],
    ['1', 'pipe:[123]'],
    ...inodes.map((inode, i) => [String(i + 3), `socket:[${inode}]`]),
  ]);
