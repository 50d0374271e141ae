// A connection as Porthole's listener sees it: the question "which program is the client?".

import { canonicalIp } from './ip-address';

export interface ClientQuery {
  readonly protocol: 'tcp' | 'udp';
  /**
   * Porthole's side: the address and port the connection arrived on (socket.localAddress and
   * localPort, mapped or not). A wildcard ('0.0.0.0', '::') is accepted for a UDP listener bound to
   * every address, which does not learn each datagram's destination; then only the port is matched.
   */
  readonly localAddress: string;
  readonly localPort: number;
  /** The client's side: socket.remoteAddress/remotePort, or a datagram's rinfo. */
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** A query with canonical addresses (see canonicalIp), ready to compare with socket tables. */
export interface CanonicalClientQuery {
  readonly protocol: 'tcp' | 'udp';
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** The canonical form, or null for a query no lookup can answer (bad protocol, address or port). */
export function canonicalQuery(query: ClientQuery): CanonicalClientQuery | null {
  const { protocol, localPort, remotePort } = query;
  if (protocol !== 'tcp' && protocol !== 'udp') return null;
  if (!isPort(localPort) || !isPort(remotePort)) return null;
  const localIp = typeof query.localAddress === 'string' ? canonicalIp(query.localAddress) : null;
  const remoteIp =
    typeof query.remoteAddress === 'string' ? canonicalIp(query.remoteAddress) : null;
  if (localIp === null || remoteIp === null) return null;
  return { protocol, localIp, localPort, remoteIp, remotePort };
}

/** Equal for queries that ask the same thing, however their addresses were spelled. */
export function queryKey(query: CanonicalClientQuery): string {
  const { protocol, localIp, localPort, remoteIp, remotePort } = query;
  return `${protocol} ${localIp} ${localPort} ${remoteIp} ${remotePort}`;
}
