// Where each socket's owner was found at the last refresh of the machine view. The view refreshes
// every 2 s and most sockets outlive many refreshes: reading again the one fd link that held a
// socket last time confirms its owner, where finding it afresh means reading every fd of every
// process — thousands of links, what `ss -p` does on every run. Only sockets seen for the first
// time, or whose link no longer names them, send a refresh back to the full scan. A socket shared
// after fork stays credited to the process the full scan chose (the lowest pid holding it).

import type { ProcFs } from '../port-holder/proc-fs';
import { socketInodeOf } from '../port-holder/socket-owners';

/**
 * How long a socket that a full scan found in no process we can read stays "unowned" without a
 * new scan: another user's (Porthole without privileges), the kernel's, another container's.
 * Without this, a machine with a root-owned service would need a full scan on every refresh
 * just to miss it again.
 */
export const UNOWNED_TRUSTED_MS = 30_000;

/** The fd through which a process held a socket. */
interface Location {
  readonly pid: number;
  readonly fd: string;
}

/** What the memory can say about the sockets a refresh needs owners for. */
export interface Recalled {
  /** inode → pid, confirmed now by reading the remembered fd link. */
  readonly owners: Map<number, number>;
  /** inode → fd of those owners. */
  readonly fds: Map<number, string>;
  /** Sockets a recent full scan found in no readable process: not sought again yet. */
  readonly unowned: ReadonlySet<number>;
  /** Sockets to find with a full scan: new ones, and those whose link changed. */
  readonly seek: Set<number>;
  /** Unreadable processes counted by the last full scan. */
  readonly unreadable: number;
}

/** What a refresh learned, for the next one. */
export interface Learned {
  readonly owners: ReadonlyMap<number, number>;
  readonly fds: ReadonlyMap<number, string>;
  /** Sockets this refresh's complete full scan looked for and found in no readable process. */
  readonly missed: Iterable<number>;
  /** Sockets still trusted as unowned from an earlier scan (Recalled.unowned). */
  readonly stillUnowned: Iterable<number>;
  /** Unreadable processes counted by the full scan, or null when none ran. */
  readonly unreadable: number | null;
}

export class SocketOwnerMemory {
  #located = new Map<number, Location>();
  /** inode → when a full scan last missed it. */
  #missedAt = new Map<number, number>();
  #unreadable = 0;

  /** Confirms the remembered owners of `inodes` with one link read each; never throws. */
  async recall(inodes: ReadonlySet<number>, fs: ProcFs, now: number): Promise<Recalled> {
    const owners = new Map<number, number>();
    const fds = new Map<number, string>();
    const unowned = new Set<number>();
    const seek = new Set<number>();
    const byPid = new Map<number, { inode: number; fd: string }[]>();
    for (const inode of inodes) {
      const located = this.#located.get(inode);
      const missedAt = this.#missedAt.get(inode);
      if (located !== undefined) {
        const list = byPid.get(located.pid) ?? [];
        list.push({ inode, fd: located.fd });
        byPid.set(located.pid, list);
      } else if (missedAt !== undefined && now - missedAt < UNOWNED_TRUSTED_MS) {
        unowned.add(inode);
      } else {
        seek.add(inode);
      }
    }
    for (const [pid, held] of byPid) {
      const dir = `/proc/${pid}/fd`;
      const names = held.map((h) => h.fd);
      const links =
        fs.readLinks === undefined
          ? await Promise.all(names.map((fd) => fs.readLink(`${dir}/${fd}`).catch(() => '')))
          : await fs.readLinks(dir, names);
      for (const [i, { inode, fd }] of held.entries()) {
        // The fd was closed or now holds another socket (its number reused): look again.
        if (socketInodeOf(links[i] ?? '') !== inode) {
          seek.add(inode);
          continue;
        }
        owners.set(inode, pid);
        fds.set(inode, fd);
      }
    }
    return { owners, fds, unowned, seek, unreadable: this.#unreadable };
  }

  /** Keeps what this refresh found, and forgets sockets it did not ask about (they are gone). */
  remember(learned: Learned, now: number): void {
    const located = new Map<number, Location>();
    for (const [inode, pid] of learned.owners) {
      const fd = learned.fds.get(inode);
      if (fd !== undefined) located.set(inode, { pid, fd });
    }
    const missedAt = new Map<number, number>();
    for (const inode of learned.stillUnowned) {
      const at = this.#missedAt.get(inode);
      if (at !== undefined) missedAt.set(inode, at);
    }
    for (const inode of learned.missed) missedAt.set(inode, now);
    this.#located = located;
    this.#missedAt = missedAt;
    if (learned.unreadable !== null) this.#unreadable = learned.unreadable;
  }
}
