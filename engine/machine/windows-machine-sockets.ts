// Windows: the machine's listeners and their connections through one `netstat -ano` and one
// `tasklist` (every process at once).

import { MAX_CONNECTIONS_SHOWN, type SocketProcess } from '../../shared/machine';
import { parseNetstatRows, type NetstatRow } from '../port-holder/netstat';
import { parseTasklistCsv } from '../port-holder/tasklist';
import type { MachineReading, RunTool } from './machine-reading';
import { buildSocketTable, canonicalRow, mapTableOwners, type SocketRow } from './socket-table';

/**
 * The state column is translated on non-English Windows, so a listener is also recognised by its
 * foreign port 0, which only listening sockets have. An established connection in another
 * language is not recognised; it is left out rather than guessed.
 */
function roleOf(row: NetstatRow): SocketRow<number>['role'] {
  if (row.protocol === 'udp') return 'bound';
  if (row.state === 'LISTENING' || row.foreign?.port === 0) return 'listening';
  return row.state === 'ESTABLISHED' ? 'established' : 'other';
}

/** The socket table from `netstat -ano` output; each row's owner is its pid. */
function netstatSocketRows(text: string): SocketRow<number>[] {
  return parseNetstatRows(text).flatMap((row) => {
    const socket = canonicalRow<number>({
      protocol: row.protocol,
      family: row.local.host.includes(':') ? 'IPv6' : 'IPv4',
      localIp: row.local.host,
      localPort: row.local.port,
      remoteIp: row.foreign?.host ?? null,
      remotePort: row.foreign?.port ?? 0,
      role: roleOf(row),
      owner: row.pid,
    });
    return socket === null || socket.role === 'other' ? [] : [socket];
  });
}

export async function readWindowsMachine(run: RunTool): Promise<MachineReading> {
  const [netstat, tasklist] = await Promise.all([
    run('netstat', ['-ano']),
    run('tasklist', ['/FO', 'CSV', '/NH']),
  ]);
  if (netstat === '') {
    return { listeners: [], complete: false, note: 'netstat gave no answer (or was too slow).' };
  }
  const names = new Map(parseTasklistCsv(tasklist).map((entry) => [entry.pid, entry.name]));
  // Reading another process's command line or user needs WMI, far too slow for a 2 s refresh.
  const processOf = (pid: number): SocketProcess =>
    pid === 0
      ? { kind: 'unknown', reason: 'exited', user: null }
      : { kind: 'process', pid, name: names.get(pid) ?? null, commandLine: null, user: null };
  const table = buildSocketTable(netstatSocketRows(netstat), MAX_CONNECTIONS_SHOWN);
  return { listeners: mapTableOwners(table, processOf), complete: true, note: null };
}
