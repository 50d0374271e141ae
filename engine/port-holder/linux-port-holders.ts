// Linux: who holds a port, from /proc without any external tool.

import { readFile, readdir, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { PortHolder } from '../../shared/model';
import {
  capCommandLine,
  dedupeHolders,
  type HolderQuery,
  type LookupContext,
} from './lookup-context';
import { parsePasswd, userName } from './passwd';
import { parseProcNet, type ProcNetSocket } from './proc-net';
import { formatSocketAddress } from './socket-address';

export interface ProcessDetails {
  readonly name: string | null;
  readonly commandLine: string | null;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;
/** fd symlinks read at once: enough to keep libuv's threads busy, few enough to stay cheap. */
const READLINK_BATCH = 64;
/** Processes scanned at once (libuv has 4 file-system threads by default). */
const PARALLEL_PROCESSES = 4;

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // Missing file (no IPv6 in the kernel) or a process that exited: nothing to report.
    return null;
  }
}

async function readSockets(query: HolderQuery): Promise<ProcNetSocket[]> {
  const order = endianness();
  const files = [`/proc/net/${query.protocol}`, `/proc/net/${query.protocol}6`];
  const texts = await Promise.all(files.map(readText));
  return texts
    .flatMap((text) => (text === null ? [] : parseProcNet(text, query.protocol, order)))
    .filter((socket) => socket.port === query.port);
}

async function socketInodesOf(pid: number): Promise<number[]> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    // Another user's process without privileges, or one that just exited.
    return [];
  }
  const inodes: number[] = [];
  for (let i = 0; i < fds.length; i += READLINK_BATCH) {
    const links = await Promise.all(
      fds
        .slice(i, i + READLINK_BATCH)
        .map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')),
    );
    for (const link of links) {
      const match = SOCKET_LINK.exec(link);
      if (match?.[1] !== undefined) inodes.push(Number(match[1]));
    }
  }
  return inodes;
}

/**
 * inode → pid, stopping once every inode has an owner. Processes are scanned a few at a time in
 * ascending pid order: most have only a handful of fds, so one at a time would spend the deadline
 * on round trips. A listening socket shared after fork (a pre-forking server's workers) is credited
 * to the lowest pid, usually the parent and the process to stop; every lower pid has been taken
 * from the queue before a higher one, and in-flight scans are awaited, so that choice is stable.
 */
async function findSocketOwners(
  inodes: ReadonlySet<number>,
  signal: AbortSignal,
  onFound: (owners: ReadonlyMap<number, number>) => void = () => undefined,
): Promise<Map<number, number>> {
  const owners = new Map<number, number>();
  if (inodes.size === 0) return owners;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return owners;
  }
  const queue = entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length && !signal.aborted && owners.size < inodes.size) {
      const pid = queue[next] as number;
      next += 1;
      let found = false;
      for (const inode of await socketInodesOf(pid)) {
        const owner = owners.get(inode);
        if (inodes.has(inode) && (owner === undefined || pid < owner)) {
          owners.set(inode, pid);
          found = true;
        }
      }
      if (found) onFound(owners);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_PROCESSES }, worker));
  return owners;
}

async function readProcessDetails(pid: number): Promise<ProcessDetails> {
  const [comm, cmdline] = await Promise.all([
    readText(`/proc/${pid}/comm`),
    readText(`/proc/${pid}/cmdline`),
  ]);
  const name = comm?.trim() ?? '';
  return {
    name: name === '' ? null : name,
    // Arguments are NUL-terminated; kernel threads have none.
    commandLine: cmdline === null ? null : capCommandLine(cmdline.split('\0').join(' ')),
  };
}

/** Combine what is known; sockets without a known owner keep pid null but still name the user. */
export function linuxHolders(
  sockets: readonly ProcNetSocket[],
  owners: ReadonlyMap<number, number>,
  details: ReadonlyMap<number, ProcessDetails>,
  users: ReadonlyMap<number, string>,
): PortHolder[] {
  return dedupeHolders(
    sockets.map((socket) => {
      const pid = owners.get(socket.inode) ?? null;
      const known = pid === null ? undefined : details.get(pid);
      return {
        pid,
        name: known?.name ?? null,
        commandLine: known?.commandLine ?? null,
        user: userName(users, socket.uid),
        address: formatSocketAddress(socket.ip, socket.port),
      };
    }),
  );
}

export async function linuxPortHolders(
  query: HolderQuery,
  context: LookupContext,
): Promise<readonly PortHolder[]> {
  const [sockets, passwd] = await Promise.all([readSockets(query), readText('/etc/passwd')]);
  if (sockets.length === 0) return [];
  const users = parsePasswd(passwd ?? '');
  const noDetails = new Map<number, ProcessDetails>();
  context.report(linuxHolders(sockets, new Map(), noDetails, users));

  const inodes = new Set(sockets.map((s) => s.inode).filter((inode) => inode !== 0));
  const owners = await findSocketOwners(inodes, context.signal, (partial) =>
    context.report(linuxHolders(sockets, partial, noDetails, users)),
  );

  const pids = [...new Set(owners.values())];
  const details = new Map<number, ProcessDetails>();
  await Promise.all(pids.map(async (pid) => details.set(pid, await readProcessDetails(pid))));
  return linuxHolders(sockets, owners, details, users);
}
