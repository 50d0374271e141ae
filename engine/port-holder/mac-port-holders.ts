// macOS: who holds a port, through lsof (there is no /proc).

import type { PortHolder } from '../../shared/model';
import {
  capCommandLine,
  dedupeHolders,
  type HolderQuery,
  type LookupContext,
} from './lookup-context';
import { parseLsofFields, type LsofSocket } from './lsof';
import { formatSocketAddress, parseHostPort } from './socket-address';

/** lsof writes a wildcard bind as "*:port"; its file type says which family's wildcard. */
function lsofLocalAddress(socket: LsofSocket): { address: string; port: number } | null {
  const local = socket.name.split('->')[0] ?? '';
  const parsed = parseHostPort(local);
  if (parsed === null) return null;
  const host = parsed.host === '*' ? (socket.type === 'IPv6' ? '::' : '0.0.0.0') : parsed.host;
  return { address: formatSocketAddress(host, parsed.port), port: parsed.port };
}

function lsofArgs(query: HolderQuery): string[] {
  const select =
    query.protocol === 'tcp' ? [`-iTCP:${query.port}`, '-sTCP:LISTEN'] : [`-iUDP:${query.port}`];
  // -n/-P: no DNS or service-name lookups (slow, and we want numbers). +c 0: full command names
  // instead of 9 characters. -a: the selections are ANDed, not ORed.
  return ['-nP', '+c', '0', '-a', ...select, '-FpcuLftn'];
}

export function lsofHolders(
  sockets: readonly LsofSocket[],
  port: number,
  commandLines: ReadonlyMap<number, string | null>,
): PortHolder[] {
  const holders: PortHolder[] = [];
  for (const socket of sockets) {
    const local = lsofLocalAddress(socket);
    // -iUDP:port also matches sockets whose *remote* port is that port; keep local binds only.
    if (local === null || local.port !== port) continue;
    holders.push({
      pid: socket.pid,
      name: socket.command,
      commandLine: commandLines.get(socket.pid) ?? null,
      user: socket.login ?? (socket.uid === null ? null : `uid ${socket.uid}`),
      address: local.address,
    });
  }
  return dedupeHolders(holders);
}

export async function macPortHolders(
  query: HolderQuery,
  context: LookupContext,
  run: (file: string, args: readonly string[]) => Promise<string>,
): Promise<readonly PortHolder[]> {
  // Without privileges lsof only sees the caller's own processes; then the answer is empty.
  const sockets = parseLsofFields(await run('lsof', lsofArgs(query)));
  const first = lsofHolders(sockets, query.port, new Map());
  if (first.length === 0) return [];
  context.report(first);

  // -ww: full width; ps otherwise cuts the command at the terminal (or 80) columns.
  const commandLines = new Map<number, string | null>();
  await Promise.all(
    [...new Set(first.map((h) => h.pid))].map(async (pid) => {
      if (pid === null) return;
      const output = await run('ps', ['-ww', '-o', 'command=', '-p', String(pid)]);
      commandLines.set(pid, capCommandLine(output));
    }),
  );
  return lsofHolders(sockets, query.port, commandLines);
}
