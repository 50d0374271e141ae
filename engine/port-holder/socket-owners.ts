// Linux: which processes hold given sockets, by reading the /proc/PID/fd symlinks
// ("socket:[inode]"). /proc has no index from socket to process; this scan is what ss -p and
// lsof do too. Shared by "who holds this port" and "which program is the client".

import { nodeProcFs, type ProcFs } from './proc-fs';

const SOCKET_LINK = /^socket:\[(\d+)\]$/;
/** fd symlinks read at once: enough to keep libuv's threads busy, few enough to stay cheap. */
const READLINK_BATCH = 64;
/** Processes scanned at once (libuv has 4 file-system threads by default). */
const PARALLEL_PROCESSES = 4;

export interface OwnerScanOptions {
  /** Socket inodes to find owners for (0 is never an inode of a live socket). */
  readonly inodes: ReadonlySet<number>;
  /**
   * Pids in scan order. When several processes hold one socket (shared after fork), the one
   * earliest in this order owns it, whichever scan happened to finish first.
   */
  readonly pids: readonly number[];
  /** Aborted: stop as soon as the fd reads under way return. */
  readonly signal: AbortSignal;
  /** Called whenever a process turned out to own some inodes, with every owner so far. */
  readonly onFound?: (owners: ReadonlyMap<number, number>) => void;
  /** Read each process's highest fds first: a busy client's newest socket is usually there. */
  readonly newestFdsFirst?: boolean;
  readonly parallel?: number;
  readonly readlinkBatch?: number;
  readonly fs?: ProcFs;
}

export interface OwnerScan {
  /** inode → pid. */
  readonly owners: Map<number, number>;
  /** inode → the fd (its name in /proc/PID/fd) through which its owner holds it. */
  readonly fds: Map<number, string>;
  /**
   * Processes whose fds we may not read (EACCES/EPERM: another user's, without privileges). An
   * inode without an owner is hidden in one of them, or was closed meanwhile if this is 0.
   */
  readonly unreadable: number;
}

/** The socket inode an fd link names ("socket:[12345]"), or null for anything else. */
export function socketInodeOf(link: string): number | null {
  const match = SOCKET_LINK.exec(link);
  return match?.[1] === undefined ? null : Number(match[1]);
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Every pid in /proc, ascending; [] if /proc cannot be read. */
export async function listPids(fs: ProcFs = nodeProcFs): Promise<number[]> {
  let entries: string[];
  try {
    entries = await fs.readDir('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * inode → pid, stopping once every inode has an owner. Processes are scanned a few at a time:
 * most have only a handful of fds, so one at a time would spend the deadline on round trips.
 * Every earlier pid is taken from the queue before a later one and in-flight scans finish, so
 * the earliest holder in `pids` order wins, stably. A process stops reading its own fds once
 * every inode is owned by a process no later than itself in that order (nothing it could still
 * find would change the answer), which matters for clients with thousands of connections.
 */
export async function scanSocketOwners(options: OwnerScanOptions): Promise<OwnerScan> {
  const { inodes, pids, signal } = options;
  const fs = options.fs ?? nodeProcFs;
  const batch = options.readlinkBatch ?? READLINK_BATCH;
  const owners = new Map<number, number>();
  const ownerFds = new Map<number, string>();
  let unreadable = 0;
  if (inodes.size === 0) return { owners, fds: ownerFds, unreadable };

  const rank = new Map<number, number>();
  pids.forEach((pid, index) => {
    if (!rank.has(pid)) rank.set(pid, index);
  });
  const rankOf = (pid: number): number => rank.get(pid) ?? Number.POSITIVE_INFINITY;
  const settledFor = (myRank: number): boolean => {
    if (owners.size < inodes.size) return false;
    for (const owner of owners.values()) if (rankOf(owner) > myRank) return false;
    return true;
  };

  const scanProcess = async (pid: number): Promise<void> => {
    let fds: string[];
    try {
      fds = await fs.readDir(`/proc/${pid}/fd`);
    } catch (error) {
      // ENOENT: the process just exited. EACCES/EPERM: someone else's, and we may not look.
      const code = errnoOf(error);
      if (code === 'EACCES' || code === 'EPERM') unreadable += 1;
      return;
    }
    if (options.newestFdsFirst === true) fds.sort((a, b) => Number(b) - Number(a));
    const myRank = rankOf(pid);
    for (let i = 0; i < fds.length; i += batch) {
      if (signal.aborted || settledFor(myRank)) return;
      const names = fds.slice(i, i + batch);
      const links =
        fs.readLinks === undefined
          ? await Promise.all(
              names.map((fd) => fs.readLink(`/proc/${pid}/fd/${fd}`).catch(() => '')),
            )
          : await fs.readLinks(`/proc/${pid}/fd`, names);
      let found = false;
      for (const [k, link] of links.entries()) {
        const inode = socketInodeOf(link);
        if (inode === null) continue;
        const owner = owners.get(inode);
        if (inodes.has(inode) && (owner === undefined || myRank < rankOf(owner))) {
          owners.set(inode, pid);
          ownerFds.set(inode, names[k] as string);
          found = true;
        }
      }
      if (found) options.onFound?.(owners);
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pids.length && !signal.aborted && owners.size < inodes.size) {
      const pid = pids[next] as number;
      next += 1;
      await scanProcess(pid);
    }
  };
  const parallel = Math.max(1, options.parallel ?? PARALLEL_PROCESSES);
  await Promise.all(Array.from({ length: parallel }, worker));
  return { owners, fds: ownerFds, unreadable };
}
