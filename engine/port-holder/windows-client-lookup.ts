// Windows: which process is the client, through one netstat and one tasklist per batch.

import type { ToolClientLookup } from './client-lookup';
import { matchClientSockets, type SocketEnds } from './client-socket-match';
import { parseNetstatRows, type NetstatRow } from './netstat';
import { parseTasklistCsv } from './tasklist';

/** A netstat row with its ends split out, for matching. */
export interface NetstatConnection extends SocketEnds {
  readonly row: NetstatRow;
}

export function netstatConnections(rows: readonly NetstatRow[]): NetstatConnection[] {
  return rows.map((row) => ({
    row,
    localIp: row.local.host,
    localPort: row.local.port,
    remoteIp: row.foreign?.host ?? null,
    remotePort: row.foreign?.port ?? 0,
  }));
}

/**
 * The image-name query for the pids found: one filtered call for a single pid (fast), else the
 * whole list once, since tasklist ANDs its filters and one call per pid would cost far more.
 */
export function tasklistArgs(pids: readonly number[]): string[] {
  const filter = pids.length === 1 ? ['/FI', `PID eq ${pids[0]}`] : [];
  return [...filter, '/FO', 'CSV', '/NH'];
}

/**
 * netstat -ano lists every process's sockets with pids, without elevation, so a client socket it
 * does not list (or lists under pid 0, TIME_WAIT) has exited. Windows gives no user or command
 * line cheaply (WMI and PowerShell take seconds), so those stay null, as for port holders.
 */
export const windowsClientLookup: ToolClientLookup = async (queries, context, run) => {
  // No -p: one call lists TCP and UDP, IPv4 and IPv6.
  const rows = netstatConnections(parseNetstatRows(await run('netstat', ['-ano'])));
  const found = new Map<number, number>();
  queries.forEach((query, index) => {
    const candidates = matchClientSockets(
      query,
      rows.filter((r) => r.row.protocol === query.protocol && r.row.pid !== 0),
    );
    const pids = new Set(candidates.map((r) => r.row.pid));
    const [pid] = pids;
    if (pid === undefined) {
      context.settle(index, { kind: 'unknown', reason: 'exited', user: null });
    } else if (pids.size > 1) {
      context.settle(index, { kind: 'unknown', reason: 'ambiguous', user: null });
    } else {
      found.set(index, pid);
    }
  });
  if (found.size === 0) return;

  const pids = [...new Set(found.values())];
  const names = new Map(
    parseTasklistCsv(await run('tasklist', tasklistArgs(pids))).map((e) => [e.pid, e.name]),
  );
  for (const [index, pid] of found) {
    context.settle(index, {
      kind: 'process',
      pid,
      name: names.get(pid) ?? null,
      commandLine: null,
      user: null,
    });
  }
};
