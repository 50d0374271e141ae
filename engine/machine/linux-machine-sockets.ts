// Linux: the machine's listeners and their connections from /proc/net/{tcp,tcp6,udp,udp6}, and
// their processes from one scan of /proc/*/fd (what `ss -tunap` does), without any external tool.

import { endianness as hostEndianness } from 'node:os';
import { MAX_CONNECTIONS_SHOWN, type SocketProcess } from '../../shared/machine';
import type { ClientUnknownReason } from '../../shared/client-process';
import type { AddressFamily, Protocol } from '../../shared/model';
import { parsePasswd, userName } from '../port-holder/passwd';
import { parseProcNetRows, type Endianness, type ProcNetRow } from '../port-holder/proc-net';
import { batchedProcFs, SYNC_LINK_BATCH, type ProcFs } from '../port-holder/proc-fs';
import { readProcessDetails, type ProcessDetails } from '../port-holder/process-details';
import { listPids, scanSocketOwners } from '../port-holder/socket-owners';
import type { MachineReading } from './machine-reading';
import { SocketOwnerMemory } from './owner-memory';
import {
  buildSocketTable,
  canonicalRow,
  mapTableOwners,
  type SocketRole,
  type SocketRow,
} from './socket-table';

const TCP_ESTABLISHED = '01';
const TCP_LISTEN = '0A';
/** An unconnected UDP socket: bound to a port, waiting for datagrams from anyone. */
const UDP_UNCONNECTED = '07';

const TCP_WANTED: ReadonlySet<string> = new Set([TCP_LISTEN, TCP_ESTABLISHED]);
const UDP_WANTED: ReadonlySet<string> = new Set([UDP_UNCONNECTED]);

interface LinuxOwner {
  readonly inode: number;
  readonly uid: number;
}

export interface LinuxMachineOptions {
  readonly signal: AbortSignal;
  readonly fs?: ProcFs;
  readonly endianness?: Endianness;
  /** Our effective uid: our own user's processes are always readable. */
  readonly ownUid?: number;
  /** Where owners were found last time (kept by the machine view between refreshes). */
  readonly memory?: SocketOwnerMemory;
  /** Tests: the clock the memory's "unowned" entries age by. */
  readonly now?: () => number;
}

const TABLES: readonly { protocol: Protocol; family: AddressFamily; file: string }[] = [
  { protocol: 'tcp', family: 'IPv4', file: '/proc/net/tcp' },
  { protocol: 'tcp', family: 'IPv6', file: '/proc/net/tcp6' },
  { protocol: 'udp', family: 'IPv4', file: '/proc/net/udp' },
  { protocol: 'udp', family: 'IPv6', file: '/proc/net/udp6' },
];

function roleOf(protocol: Protocol, row: ProcNetRow): SocketRole {
  if (protocol === 'tcp') {
    if (row.state === TCP_LISTEN) return 'listening';
    return row.state === TCP_ESTABLISHED ? 'established' : 'other';
  }
  return row.state === UDP_UNCONNECTED && row.remotePort === 0 ? 'bound' : 'other';
}

async function readRows(fs: ProcFs, order: Endianness): Promise<SocketRow<LinuxOwner>[]> {
  const texts = await Promise.all(TABLES.map((table) => fs.readText(table.file)));
  const memo = new Map<string, string | null>();
  return TABLES.flatMap(({ protocol, family }, index) => {
    const text = texts[index];
    if (text === null || text === undefined) return [];
    // TIME_WAIT and other rows (tens of thousands on a busy machine) are skipped undecoded.
    const states = protocol === 'tcp' ? TCP_WANTED : UDP_WANTED;
    return parseProcNetRows(text, order, { states }).flatMap((row) => {
      const socket = canonicalRow(
        {
          protocol,
          family,
          localIp: row.localIp,
          localPort: row.localPort,
          remoteIp: row.remoteIp,
          remotePort: row.remotePort,
          role: roleOf(protocol, row),
          owner: { inode: row.inode, uid: row.uid },
        },
        memo,
      );
      return socket === null || socket.role === 'other' ? [] : [socket];
    });
  });
}

export async function readLinuxMachine(options: LinuxMachineOptions): Promise<MachineReading> {
  const fs = options.fs ?? batchedProcFs;
  const ownUid = options.ownUid ?? process.geteuid?.() ?? -1;
  const [rows, passwd] = await Promise.all([
    readRows(fs, options.endianness ?? hostEndianness()),
    fs.readText('/etc/passwd'),
  ]);
  if (rows.length === 0) {
    return {
      listeners: [],
      complete: true,
      note: 'Could not read the socket tables in /proc/net.',
    };
  }
  const users = parsePasswd(passwd ?? '');
  const table = buildSocketTable(rows, MAX_CONNECTIONS_SHOWN);

  // Owners of the listeners and of the client ends of the connections the view lists.
  const uidOf = new Map<number, number>();
  for (const listener of table) {
    uidOf.set(listener.row.owner.inode, listener.row.owner.uid);
    for (const { client } of listener.connections) {
      if (client !== null) uidOf.set(client.owner.inode, client.owner.uid);
    }
  }
  uidOf.delete(0);
  const now = options.now?.() ?? performance.now();
  const memory = options.memory ?? new SocketOwnerMemory();
  const recalled = await memory.recall(new Set(uidOf.keys()), fs, now);
  // Ascending pids: a listening socket shared after fork (a pre-forking server's workers) is
  // credited to the lowest pid, usually the parent and the process to stop.
  const scan =
    recalled.seek.size === 0
      ? null
      : await scanSocketOwners({
          inodes: recalled.seek,
          pids: await listPids(fs),
          signal: options.signal,
          readlinkBatch: SYNC_LINK_BATCH,
          // One process at a time: the batches are synchronous, so parallel scans would only interleave.
          parallel: 1,
          fs,
        });
  const owners = new Map([...recalled.owners, ...(scan?.owners ?? [])]);
  const unreadable = scan?.unreadable ?? recalled.unreadable;
  const complete = !options.signal.aborted;
  // Sockets a complete scan found in no process we can read: not sought again for a while.
  const missed =
    scan === null || !complete ? [] : [...recalled.seek].filter((inode) => !owners.has(inode));
  memory.remember(
    {
      owners,
      fds: new Map([...recalled.fds, ...(scan?.fds ?? [])]),
      missed,
      stillUnowned: recalled.unowned,
      unreadable: scan === null || !complete ? null : scan.unreadable,
    },
    now,
  );
  const details = new Map<number, ProcessDetails>();
  await Promise.all(
    [...new Set(owners.values())].map(async (pid) =>
      details.set(pid, await readProcessDetails(pid, fs)),
    ),
  );

  const processOf = (owner: LinuxOwner): SocketProcess => {
    const user = userName(users, owner.uid);
    const pid = owners.get(owner.inode);
    if (pid !== undefined) {
      const known = details.get(pid);
      return {
        kind: 'process',
        pid,
        name: known?.name ?? null,
        commandLine: known?.commandLine ?? null,
        user,
      };
    }
    // Another user's socket may sit in a process we could not read. One a scan missed before and
    // that is still here belongs to no process we can see (the kernel's, another container's);
    // one missed for the first time was most likely closed while we looked.
    const otherUsers = unreadable > 0 && owner.uid !== ownUid;
    const reason: ClientUnknownReason = recalled.unowned.has(owner.inode)
      ? otherUsers
        ? 'hidden'
        : 'no-process'
      : !complete
        ? 'timeout'
        : otherUsers
          ? 'hidden'
          : 'exited';
    return { kind: 'unknown', reason, user };
  };
  const hidden = unreadable > 0 && table.some((l) => !owners.has(l.row.owner.inode));
  return {
    listeners: mapTableOwners(table, processOf),
    complete,
    note: hidden
      ? 'Some processes belong to other users; Porthole may not look inside them without privileges, so their names are hidden (run Porthole as that user or as root to see them).'
      : null,
  };
}
