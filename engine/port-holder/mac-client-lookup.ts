// macOS: which process is the client, through one lsof and one ps per batch (there is no /proc).

import type { ClientProcess } from '../../shared/client-process';
import type { ToolClientLookup } from './client-lookup';
import type { CanonicalClientQuery } from './client-query';
import { matchClientSockets, type SocketEnds } from './client-socket-match';
import { capCommandLine } from './lookup-context';
import { parseLsofFields, type LsofSocket } from './lsof';
import { parseHostPort } from './socket-address';

/** An lsof socket with both ends split out, for matching. */
export interface LsofConnection extends SocketEnds {
  readonly protocol: 'tcp' | 'udp';
  readonly socket: LsofSocket;
}

/** lsof writes a wildcard bind as "*:port"; the file type says which family's wildcard. */
function hostOf(host: string, type: string | null): string {
  return host === '*' ? (type === 'IPv6' ? '::' : '0.0.0.0') : host;
}

/**
 * Connection rows from `lsof -F` sockets: "127.0.0.1:52001->127.0.0.1:8080" (connected),
 * "127.0.0.1:52001" or "*:52001" (bound, unconnected UDP; listening TCP). The protocol comes from
 * the P field, or `only` when the call selected a single protocol.
 */
export function lsofConnections(
  sockets: readonly LsofSocket[],
  only: 'tcp' | 'udp' | null = null,
): LsofConnection[] {
  const rows: LsofConnection[] = [];
  for (const socket of sockets) {
    const printed = socket.protocol?.toLowerCase();
    const protocol = printed === 'tcp' || printed === 'udp' ? printed : only;
    if (protocol === null || (only !== null && protocol !== only)) continue;
    const [localText = '', remoteText] = socket.name.split('->');
    const local = parseHostPort(localText);
    if (local === null) continue;
    const remote = remoteText === undefined ? null : parseHostPort(remoteText);
    rows.push({
      protocol,
      socket,
      localIp: hostOf(local.host, socket.type),
      localPort: local.port,
      remoteIp: remote === null ? null : hostOf(remote.host, socket.type),
      remotePort: remote?.port ?? 0,
    });
  }
  return rows;
}

/** `ps -ww -o pid=,command= -p 1,2` output: "  812 /usr/bin/ssh -N host" per line. */
export function parsePsCommands(text: string): Map<number, string | null> {
  const commands = new Map<number, string | null>();
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    commands.set(Number(match[1]), capCommandLine(match[2]));
  }
  return commands;
}

/**
 * -n/-P: numbers, no DNS or service names. +c 0: full command names, not 9 characters. Several -i
 * are ORed. A port in -i matches either end, so Porthole's own accepted sockets are listed too and
 * matching keeps only the client ends. No -sTCP:ESTABLISHED: a client whose connection we already
 * closed is in CLOSE_WAIT and still has its owner.
 */
export function lsofClientArgs(queries: readonly CanonicalClientQuery[]): string[] {
  const select = (protocol: 'tcp' | 'udp', flag: string): string[] => {
    const ports = [
      ...new Set(queries.filter((q) => q.protocol === protocol).map((q) => q.remotePort)),
    ];
    return ports.length === 0 ? [] : [`-i${flag}:${ports.join(',')}`];
  };
  return ['-nP', '+c', '0', ...select('tcp', 'TCP'), ...select('udp', 'UDP'), '-FpcuLPtn'];
}

/**
 * With `privileged` (running as root) lsof sees every process, so a socket it does not list is
 * gone; without, it may be another user's, which lsof does not show.
 */
export function macClientLookup(privileged: boolean): ToolClientLookup {
  return async (queries, context, run) => {
    const rows = lsofConnections(parseLsofFields(await run('lsof', lsofClientArgs(queries))));
    const found = new Map<number, LsofSocket>();
    queries.forEach((query, index) => {
      const candidates = matchClientSockets(
        query,
        rows.filter((row) => row.protocol === query.protocol),
      );
      const pids = new Set(candidates.map((row) => row.socket.pid));
      const first = candidates[0]?.socket;
      const user = first === undefined ? null : (first.login ?? uidName(first.uid));
      if (first === undefined) {
        context.settle(index, {
          kind: 'unknown',
          reason: privileged ? 'exited' : 'not-found',
          user: null,
        });
      } else if (pids.size > 1) {
        context.settle(index, { kind: 'unknown', reason: 'ambiguous', user });
      } else {
        context.hint(index, user);
        found.set(index, first);
      }
    });
    if (found.size === 0) return;

    // -ww: full width; ps otherwise cuts the command at the terminal (or 80) columns.
    const pids = [...new Set([...found.values()].map((socket) => socket.pid))];
    const commands = parsePsCommands(
      await run('ps', ['-ww', '-o', 'pid=,command=', '-p', pids.join(',')]),
    );
    for (const [index, socket] of found) {
      const answer: ClientProcess = {
        kind: 'process',
        pid: socket.pid,
        name: socket.command,
        commandLine: commands.get(socket.pid) ?? null,
        user: socket.login ?? uidName(socket.uid),
      };
      context.settle(index, answer);
    }
  };
}

function uidName(uid: number | null): string | null {
  return uid === null ? null : `uid ${uid}`;
}
