// macOS: the machine's listeners and their connections through one lsof and one ps (there is no
// /proc). Without administrator rights lsof lists only the caller's own processes.

import { MAX_CONNECTIONS_SHOWN, type SocketProcess } from '../../shared/machine';
import { lsofConnections, parsePsCommands } from '../port-holder/mac-client-lookup';
import { parseLsofFields, type LsofSocket } from '../port-holder/lsof';
import type { MachineReading, RunTool } from './machine-reading';
import { buildSocketTable, canonicalRow, mapTableOwners, type SocketRow } from './socket-table';

/**
 * -n/-P: numbers, no DNS or service names. +c 0: full command names. -iTCP -iUDP: every Internet
 * socket (ORed). -Ts: the TCP state in the T field, to tell listeners from connections.
 */
const LSOF_MACHINE_ARGS = ['-nP', '+c', '0', '-iTCP', '-iUDP', '-Ts', '-FpcuLPtnT'];

function roleOf(socket: LsofSocket, connected: boolean): SocketRow<LsofSocket>['role'] {
  if (socket.protocol?.toUpperCase() === 'UDP') return connected ? 'other' : 'bound';
  if (socket.state === 'LISTEN') return 'listening';
  return socket.state === 'ESTABLISHED' ? 'established' : 'other';
}

/** The socket table from `lsof -F` output (recorded output is tested on every platform). */
function lsofSocketRows(text: string): SocketRow<LsofSocket>[] {
  return lsofConnections(parseLsofFields(text)).flatMap((row) => {
    const socket = canonicalRow<LsofSocket>({
      protocol: row.protocol,
      family: row.socket.type === 'IPv6' ? 'IPv6' : 'IPv4',
      localIp: row.localIp,
      localPort: row.localPort,
      remoteIp: row.remoteIp,
      remotePort: row.remotePort,
      role: roleOf(row.socket, row.remoteIp !== null),
      owner: row.socket,
    });
    return socket === null || socket.role === 'other' ? [] : [socket];
  });
}

export async function readMacMachine(run: RunTool, privileged: boolean): Promise<MachineReading> {
  const output = await run('lsof', LSOF_MACHINE_ARGS);
  if (output === '') {
    return { listeners: [], complete: false, note: 'lsof gave no answer (missing, or too slow).' };
  }
  const table = buildSocketTable(lsofSocketRows(output), MAX_CONNECTIONS_SHOWN);
  const pids = new Set<number>();
  for (const listener of table) {
    pids.add(listener.row.owner.pid);
    for (const { client } of listener.connections) {
      if (client !== null) pids.add(client.owner.pid);
    }
  }
  // -ww: full width; ps otherwise cuts the command at the terminal (or 80) columns.
  const commands =
    pids.size === 0
      ? new Map<number, string | null>()
      : parsePsCommands(await run('ps', ['-ww', '-o', 'pid=,command=', '-p', [...pids].join(',')]));
  const processOf = (socket: LsofSocket): SocketProcess => ({
    kind: 'process',
    pid: socket.pid,
    name: socket.command,
    commandLine: commands.get(socket.pid) ?? null,
    user: socket.login ?? (socket.uid === null ? null : `uid ${socket.uid}`),
  });
  return {
    listeners: mapTableOwners(table, processOf),
    complete: true,
    note: privileged
      ? null
      : 'Without administrator rights lsof lists only your own programs: other users’ and system services’ listeners may be missing (run Porthole with sudo to see them all).',
  };
}
