// Linux: who holds a port, from /proc without any external tool.

import { endianness } from 'node:os';
import type { PortHolder } from '../../shared/model';
import { dedupeHolders, type HolderQuery, type LookupContext } from './lookup-context';
import { parsePasswd, userName } from './passwd';
import { parseProcNet, type ProcNetSocket } from './proc-net';
import { nodeProcFs } from './proc-fs';
import { readProcessDetails, type ProcessDetails } from './process-details';
import { listPids, scanSocketOwners } from './socket-owners';
import { formatSocketAddress } from './socket-address';

const { readText } = nodeProcFs;

async function readSockets(query: HolderQuery): Promise<ProcNetSocket[]> {
  const order = endianness();
  const files = [`/proc/net/${query.protocol}`, `/proc/net/${query.protocol}6`];
  const texts = await Promise.all(files.map(readText));
  return texts
    .flatMap((text) => (text === null ? [] : parseProcNet(text, query.protocol, order)))
    .filter((socket) => socket.port === query.port);
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
  // Ascending pids: a listening socket shared after fork (a pre-forking server's workers) is
  // credited to the lowest pid, usually the parent and the process to stop.
  const { owners } = await scanSocketOwners({
    inodes,
    pids: await listPids(),
    signal: context.signal,
    onFound: (partial) => context.report(linuxHolders(sockets, partial, noDetails, users)),
  });

  const pids = [...new Set(owners.values())];
  const details = new Map<number, ProcessDetails>();
  await Promise.all(pids.map(async (pid) => details.set(pid, await readProcessDetails(pid))));
  return linuxHolders(sockets, owners, details, users);
}
