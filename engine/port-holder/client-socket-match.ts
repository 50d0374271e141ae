// Which rows of a socket table can be the client's end of a connection Porthole accepted.

import type { CanonicalClientQuery } from './client-query';
import { canonicalIp, isWildcardIp } from './ip-address';

/** A socket as any OS table lists it; addresses in any spelling canonicalIp understands. */
export interface SocketEnds {
  readonly localIp: string;
  readonly localPort: number;
  /** null, a wildcard or port 0: not connected (listening TCP, unconnected UDP). */
  readonly remoteIp: string | null;
  readonly remotePort: number;
}

function connected(row: SocketEnds): boolean {
  if (row.remoteIp === null || row.remotePort === 0) return false;
  const remote = canonicalIp(row.remoteIp);
  return remote !== null && !isWildcardIp(remote);
}

/** The row's remote end is Porthole's end of the connection. */
function remoteIsOurs(row: SocketEnds, query: CanonicalClientQuery): boolean {
  if (row.remotePort !== query.localPort) return false;
  // A wildcard local side in the query (UDP on every address) is matched by port alone.
  if (isWildcardIp(query.localIp)) return true;
  return row.remoteIp !== null && canonicalIp(row.remoteIp) === query.localIp;
}

/**
 * Where the client's socket may be bound: exactly the address it sent from, or a wildcard that
 * covers it. '0.0.0.0' covers IPv4 only; '::' covers IPv6 and, on a dual-stack socket, IPv4 too
 * (whether the socket is v6-only is not in any table, so it counts as a candidate).
 */
function localIsTheirs(
  row: SocketEnds,
  query: CanonicalClientQuery,
  allowWildcard: boolean,
): boolean {
  if (row.localPort !== query.remotePort) return false;
  const local = canonicalIp(row.localIp);
  if (local === query.remoteIp) return true;
  if (!allowWildcard) return false;
  if (local === '::') return true;
  return local === '0.0.0.0' && !query.remoteIp.includes(':');
}

/**
 * The rows that may be the client's socket. TCP: the connected socket whose local end is our
 * remote and whose remote end is our local (the 4-tuple is unique on one machine). UDP: a socket
 * on the client's port, bound to its address or a wildcard, either unconnected or connected to
 * us; several can match when sockets share a port (SO_REUSEPORT), and callers must then not pick
 * one. Rows of another protocol must not be passed.
 */
export function matchClientSockets<Row extends SocketEnds>(
  query: CanonicalClientQuery,
  rows: readonly Row[],
): Row[] {
  if (query.protocol === 'tcp') {
    return rows.filter(
      (row) => localIsTheirs(row, query, false) && connected(row) && remoteIsOurs(row, query),
    );
  }
  return rows.filter(
    (row) => localIsTheirs(row, query, true) && (!connected(row) || remoteIsOurs(row, query)),
  );
}
