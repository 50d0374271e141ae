// Windows: who holds a port, through netstat and tasklist.

import type { PortHolder } from '../../shared/model';
import { dedupeHolders, type HolderQuery, type LookupContext } from './lookup-context';
import { parseNetstat, type NetstatHolder } from './netstat';
import { parseTasklistCsv } from './tasklist';

/** `-p TCP` lists IPv4 only; the IPv6 table needs its own protocol name. */
function netstatProtocols(protocol: 'tcp' | 'udp'): string[] {
  return protocol === 'tcp' ? ['TCP', 'TCPv6'] : ['UDP', 'UDPv6'];
}

export function windowsHolders(
  rows: readonly NetstatHolder[],
  names: ReadonlyMap<number, string>,
): PortHolder[] {
  return dedupeHolders(
    rows.map((row) => ({
      pid: row.pid,
      name: names.get(row.pid) ?? null,
      // Reading another process's command line needs WMI/PowerShell, far too slow for this path.
      commandLine: null,
      user: null,
      address: row.address,
    })),
  );
}

export async function windowsPortHolders(
  query: HolderQuery,
  context: LookupContext,
  run: (file: string, args: readonly string[]) => Promise<string>,
): Promise<readonly PortHolder[]> {
  const outputs = await Promise.all(
    netstatProtocols(query.protocol).map((p) => run('netstat', ['-ano', '-p', p])),
  );
  const rows = outputs.flatMap((text) => parseNetstat(text, query.protocol, query.port));
  if (rows.length === 0) return [];
  context.report(windowsHolders(rows, new Map()));

  const names = new Map<number, string>();
  await Promise.all(
    [...new Set(rows.map((r) => r.pid))].map(async (pid) => {
      const output = await run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']);
      const entry = parseTasklistCsv(output).find((e) => e.pid === pid);
      if (entry !== undefined) names.set(pid, entry.name);
    }),
  );
  return windowsHolders(rows, names);
}
