// Parsing Windows `netstat -ano` output.

import { formatSocketAddress, parseHostPort } from './socket-address';

export interface NetstatHolder {
  readonly pid: number;
  readonly address: string;
}

/**
 * Rows that hold `port` locally. TCP rows count when listening: the state column is translated on
 * non-English Windows ("ABHÖREN"), so a foreign address with port 0 ("0.0.0.0:0", "[::]:0"), which
 * only listening sockets have, counts as well. UDP rows have no state column; any bound row holds
 * the port.
 *
 *   Proto  Local Address          Foreign Address        State           PID
 *   TCP    [::1]:5432             [::]:0                 LISTENING       4321
 *   UDP    0.0.0.0:5353           *:*                                    2344
 */
export function parseNetstat(text: string, protocol: 'tcp' | 'udp', port: number): NetstatHolder[] {
  const holders: NetstatHolder[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if ((cols[0] ?? '').toLowerCase() !== protocol) continue;
    // A translated state may contain spaces, so the pid is taken from the end of the row.
    if (protocol === 'tcp' ? cols.length < 5 : cols.length !== 4) continue;
    const local = parseHostPort(cols[1] ?? '');
    const pidText = cols[cols.length - 1] ?? '';
    if (local === null || local.port !== port || !/^\d+$/.test(pidText)) continue;
    if (protocol === 'tcp') {
      const foreign = parseHostPort(cols[2] ?? '');
      const listening = cols[3] === 'LISTENING' || foreign?.port === 0;
      if (!listening) continue;
    }
    holders.push({ pid: Number(pidText), address: formatSocketAddress(local.host, local.port) });
  }
  return holders;
}
