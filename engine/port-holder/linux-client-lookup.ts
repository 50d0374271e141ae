// Linux: which process is the client, from /proc without any external tool.

import { endianness as hostEndianness } from 'node:os';
import type { ClientProcess } from '../../shared/client-process';
import type { ClientBatchLookup, ClientLookupContext } from './client-lookup';
import type { CanonicalClientQuery } from './client-query';
import { matchClientSockets } from './client-socket-match';
import { parsePasswd, userName } from './passwd';
import { parseProcNetRows, type Endianness, type ProcNetRow } from './proc-net';
import { nodeProcFs, type ProcFs } from './proc-fs';
import { readProcessDetails, type ProcessDetails } from './process-details';
import { RecentPids } from './recent-pids';
import { listPids, scanSocketOwners } from './socket-owners';

/** What one batch did, for diagnostics and tests. */
export interface LinuxClientScan {
  readonly queries: number;
  /** Queries whose socket was found (with an inode) in /proc/net. */
  readonly sockets: number;
  /** Answered from the fds of recently seen client processes. */
  readonly fromRecent: number;
  /** Whether every process had to be scanned. */
  readonly fullScan: boolean;
}

export interface LinuxClientLookupOptions {
  readonly fs?: ProcFs;
  readonly endianness?: Endianness;
  readonly now?: () => number;
  /** Our effective uid (default process.geteuid()): our own user's processes' fds are readable. */
  readonly ownUid?: number;
  readonly onScan?: (scan: LinuxClientScan) => void;
}

/** One query whose client socket is in the table and needs an owner. */
interface Wanted {
  readonly index: number;
  /** Candidate sockets: one for TCP; for UDP every socket the datagram may have come from. */
  readonly inodes: readonly number[];
  /** The socket's owner, from the table. */
  readonly uid: number;
  readonly user: string;
  done: boolean;
}

/**
 * Two processes at a time, up to 128 fd links each. A readlink in /proc costs the thread pool
 * microseconds, so an engine write queued behind them waits about a millisecond at most, while a
 * pooled client's thousand fds take a few event-loop round trips instead of dozens (which, on a
 * loaded machine, was the difference between naming 99% of a 1,000-connection burst and 40%).
 */
const PARALLEL_PROCESSES = 2;
const READLINK_BATCH = 128;

function tableFiles(protocol: 'tcp' | 'udp'): string[] {
  return [`/proc/net/${protocol}`, `/proc/net/${protocol}6`];
}

/** Rows on the clients' ports, per protocol, from one read of each table this batch needs. */
async function readClientRows(
  queries: readonly CanonicalClientQuery[],
  fs: ProcFs,
  order: Endianness,
): Promise<Map<'tcp' | 'udp', ProcNetRow[]>> {
  const ports = new Map<'tcp' | 'udp', Set<number>>();
  for (const query of queries) {
    const set = ports.get(query.protocol) ?? new Set<number>();
    set.add(query.remotePort);
    ports.set(query.protocol, set);
  }
  const rows = new Map<'tcp' | 'udp', ProcNetRow[]>();
  await Promise.all(
    [...ports].map(async ([protocol, wanted]) => {
      const texts = await Promise.all(tableFiles(protocol).map((file) => fs.readText(file)));
      rows.set(
        protocol,
        texts.flatMap((text) =>
          text === null ? [] : parseProcNetRows(text, order, { localPorts: wanted }),
        ),
      );
    }),
  );
  return rows;
}

/**
 * A lookup with its own memory of recent client processes. One batch reads /proc/net/{tcp,udp}
 * (and the v6 tables) once for all its queries, reads the fds of recent clients first, then scans
 * every other process (newest pid first: a client that just started is most likely among them)
 * only for the sockets still without an owner, and reads each owner's comm and cmdline once.
 */
export function createLinuxClientLookup(options: LinuxClientLookupOptions = {}): ClientBatchLookup {
  const fs = options.fs ?? nodeProcFs;
  const order = options.endianness ?? hostEndianness();
  const now = options.now ?? (() => performance.now());
  const ownUid = options.ownUid ?? process.geteuid?.() ?? -1;
  const recent = new RecentPids();

  return async (queries, context) => {
    const [rows, passwd] = await Promise.all([
      readClientRows(queries, fs, order),
      fs.readText('/etc/passwd'),
    ]);
    const users = parsePasswd(passwd ?? '');
    const wanted = findClientSockets(queries, rows, users, context);
    if (wanted.length === 0 || context.signal.aborted) {
      options.onScan?.({ queries: queries.length, sockets: 0, fromRecent: 0, fullScan: false });
      return;
    }

    const inodes = new Set(wanted.flatMap((w) => w.inodes));
    const owners = new Map<number, number>();
    const details = new Map<number, Promise<ProcessDetails>>();
    const answering: Promise<void>[] = [];
    const detailsOf = (pid: number): Promise<ProcessDetails> => {
      let known = details.get(pid);
      if (known === undefined) {
        known = readProcessDetails(pid, fs);
        details.set(pid, known);
      }
      return known;
    };
    const answerReady = (): void => {
      for (const want of wanted) {
        if (want.done) continue;
        const pids = want.inodes.map((inode) => owners.get(inode));
        if (pids.some((pid) => pid === undefined)) continue;
        want.done = true;
        const distinct = new Set(pids as number[]);
        const [pid] = distinct;
        if (distinct.size !== 1 || pid === undefined) {
          context.settle(want.index, { kind: 'unknown', reason: 'ambiguous', user: want.user });
          continue;
        }
        recent.touch(pid, now());
        answering.push(
          detailsOf(pid).then(({ name, commandLine }) =>
            context.settle(want.index, {
              kind: 'process',
              pid,
              name,
              commandLine,
              user: want.user,
            }),
          ),
        );
      }
    };
    const merge = (found: ReadonlyMap<number, number>): void => {
      for (const [inode, pid] of found) if (!owners.has(inode)) owners.set(inode, pid);
      answerReady();
    };

    const recentPids = recent.list(now());
    const scanOptions = {
      signal: context.signal,
      newestFdsFirst: true,
      parallel: PARALLEL_PROCESSES,
      readlinkBatch: READLINK_BATCH,
      onFound: merge,
      fs,
    };
    const first = await scanSocketOwners({ ...scanOptions, inodes, pids: recentPids });
    merge(first.owners);
    const fromRecent = wanted.filter((w) => w.done).length;
    let unreadable = first.unreadable;
    const rest = new Set([...inodes].filter((inode) => !owners.has(inode)));
    const fullScan = rest.size > 0 && !context.signal.aborted;
    if (fullScan) {
      const skip = new Set(recentPids);
      const pids = (await listPids(fs)).filter((pid) => !skip.has(pid)).reverse();
      const second = await scanSocketOwners({ ...scanOptions, inodes: rest, pids });
      merge(second.owners);
      unreadable += second.unreadable;
    }
    options.onScan?.({ queries: queries.length, sockets: wanted.length, fromRecent, fullScan });

    if (!context.signal.aborted) {
      for (const want of wanted) {
        if (want.done) continue;
        const owned = want.inodes.some((inode) => owners.has(inode));
        // Partly owned: the datagram may have come from the socket we could not attribute.
        // Unowned: another user's socket may sit in a process we could not read; one of our own
        // user's would have been found, so it was closed in the meantime.
        const hidden = unreadable > 0 && want.uid !== ownUid;
        const reason = owned ? 'ambiguous' : hidden ? 'hidden' : 'exited';
        context.settle(want.index, { kind: 'unknown', reason, user: want.user });
      }
    }
    await Promise.all(answering);
  };
}

/**
 * Settle the queries whose client socket is gone; return the rest with their candidate inodes.
 * A row with inode 0 (TIME_WAIT, an orphaned FIN_WAIT) is a socket no process holds any more.
 */
function findClientSockets(
  queries: readonly CanonicalClientQuery[],
  rows: ReadonlyMap<'tcp' | 'udp', readonly ProcNetRow[]>,
  users: ReadonlyMap<number, string>,
  context: ClientLookupContext,
): Wanted[] {
  const wanted: Wanted[] = [];
  queries.forEach((query, index) => {
    const candidates = matchClientSockets(query, rows.get(query.protocol) ?? []);
    const live = candidates.filter((row) => row.inode !== 0);
    const first = live[0];
    if (first === undefined) {
      // No user either: the kernel prints uid 0 for TIME_WAIT rows, whoever the client was.
      const answer: ClientProcess = { kind: 'unknown', reason: 'exited', user: null };
      context.settle(index, answer);
      return;
    }
    const user = userName(users, first.uid);
    context.hint(index, user);
    const inodes = [...new Set(live.map((row) => row.inode))];
    wanted.push({ index, inodes, uid: first.uid, user, done: false });
  });
  return wanted;
}
