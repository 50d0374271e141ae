// Parsing Windows `netstat -ano` output.

import { formatSocketAddress, parseHostPort } from './socket-address';

export interface NetstatHolder {
  readonly pid: number;
  readonly address: string;
}

/** One socket row of `netstat -ano`, as printed (hosts without brackets). */
export interface NetstatRow {
  readonly protocol: 'tcp' | 'udp';
  readonly local: { readonly host: string; readonly port: number };
  /** null for UDP ("*:*": netstat never shows a UDP peer). */
  readonly foreign: { readonly host: string; readonly port: number } | null;
  /** TCP state as printed, possibly translated ("LISTENING", "HERGESTELLT"); null for UDP. */
  readonly state: string | null;
  /** 0 for sockets no process holds any more (TIME_WAIT). */
  readonly pid: number;
}

/**
 * Every TCP and UDP row, IPv4 and IPv6 alike (netstat labels both "TCP"/"UDP"). The header is
 * localized, so rows are recognised by shape: a protocol name first, a numeric pid last. A
 * translated state may contain spaces, so the pid is taken from the end of the row; UDP rows have
 * no state column.
 *
 *   Proto  Local Address          Foreign Address        State           PID
 *   TCP    [::1]:5432             [::]:0                 LISTENING       4321
 *   TCP    127.0.0.1:51234        127.0.0.1:5432         ESTABLISHED     7777
 *   UDP    0.0.0.0:5353           *:*                                    2344
 */
export function parseNetstatRows(text: string): NetstatRow[] {
  const rows: NetstatRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    const protocol = (cols[0] ?? '').toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp') continue;
    if (protocol === 'tcp' ? cols.length < 5 : cols.length !== 4) continue;
    const local = parseHostPort(cols[1] ?? '');
    const pidText = cols[cols.length - 1] ?? '';
    if (local === null || !/^\d+$/.test(pidText)) continue;
    rows.push({
      protocol,
      local,
      foreign: parseHostPort(cols[2] ?? ''),
      state: protocol === 'tcp' ? cols.slice(3, -1).join(' ') : null,
      pid: Number(pidText),
    });
  }
  return rows;
}

/**
 * Rows that hold `port` locally. TCP rows count when listening: the state column is translated on
 * non-English Windows ("ABHÖREN"), so a foreign address with port 0 ("0.0.0.0:0", "[::]:0"), which
 * only listening sockets have, counts as well. UDP rows have no state column; any bound row holds
 * the port.
 */
export function parseNetstat(text: string, protocol: 'tcp' | 'udp', port: number): NetstatHolder[] {
  return parseNetstatRows(text)
    .filter((row) => row.protocol === protocol && row.local.port === port)
    .filter((row) => protocol === 'udp' || row.state === 'LISTENING' || row.foreign?.port === 0)
    .map((row) => ({ pid: row.pid, address: formatSocketAddress(row.local.host, row.local.port) }));
}
