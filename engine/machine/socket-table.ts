// The machine's socket table, whatever the OS printed it with: which sockets are listeners and
// which established connections belong to each, with the client's end found in the same table
// (a connection between two local programs appears twice: once per end).

import type { AddressFamily, Protocol } from '../../shared/model';
import { canonicalIp, isWildcardIp } from '../port-holder/ip-address';

/** What a socket is doing, as far as the machine view cares. */
export type SocketRole = 'listening' | 'bound' | 'established' | 'other';

/** One socket, as any platform reader produces it; `owner` is the platform's handle on its process. */
export interface SocketRow<Owner> {
  readonly protocol: Protocol;
  /** The table it came from (a dual-stack socket's IPv4 peers show as IPv4-mapped in IPv6). */
  readonly family: AddressFamily;
  /** Canonical IP (canonicalIp): mapped IPv4 written as IPv4, so both ends compare equal. */
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string | null;
  readonly remotePort: number;
  readonly role: SocketRole;
  readonly owner: Owner;
}

interface TableConnection<Owner> {
  /** The listener's side (the accepted socket). */
  readonly server: SocketRow<Owner>;
  /** The client's own socket, when it is on this machine and still in the table. */
  readonly client: SocketRow<Owner> | null;
}

export interface TableListener<Owner> {
  readonly row: SocketRow<Owner>;
  /** The first connections accepted on it, up to the table's limit. */
  readonly connections: readonly TableConnection<Owner>[];
  /** All of them, also those beyond the limit. */
  readonly connectionCount: number;
}

/**
 * A row with both IPs in canonical form; null when the OS printed an address we cannot read.
 * `memo` keeps each IP's canonical form for one reading (most rows share a few addresses).
 */
export function canonicalRow<Owner>(
  row: SocketRow<Owner>,
  memo: Map<string, string | null> = new Map(),
): SocketRow<Owner> | null {
  const canonical = (ip: string): string | null => {
    let known = memo.get(ip);
    if (known === undefined) {
      known = canonicalIp(ip);
      memo.set(ip, known);
    }
    return known;
  };
  const localIp = canonical(row.localIp);
  if (localIp === null) return null;
  const remoteIp = row.remoteIp === null ? null : canonical(row.remoteIp);
  return { ...row, localIp, remoteIp };
}

function endKey(ip: string | null, port: number): string {
  return `${ip ?? '?'}|${port}`;
}

function listenerKey(protocol: Protocol, family: AddressFamily, ip: string, port: number): string {
  return `${protocol}|${family}|${ip}|${port}`;
}

/**
 * Listeners (listening TCP, bound unconnected UDP) in port order, each with the established
 * connections accepted on it. An accepted socket belongs to the listener of its family and port
 * whose address is its local address, or to the family's wildcard listener. Several processes
 * may listen on one address (SO_REUSEPORT): each is its own listener, and connections go to the
 * first, since the table does not say which one accepted them. Each keeps at most
 * `connectionLimit` connections and counts them all.
 */
export function buildSocketTable<Owner>(
  rows: readonly SocketRow<Owner>[],
  connectionLimit = Number.POSITIVE_INFINITY,
): TableListener<Owner>[] {
  const listeners: {
    row: SocketRow<Owner>;
    connections: TableConnection<Owner>[];
    connectionCount: number;
  }[] = [];
  const byAddress = new Map<string, (typeof listeners)[number]>();
  const established = new Map<string, SocketRow<Owner>>();
  for (const row of rows) {
    if (row.role === 'listening' || row.role === 'bound') {
      const entry = { row, connections: [], connectionCount: 0 };
      listeners.push(entry);
      const key = listenerKey(row.protocol, row.family, row.localIp, row.localPort);
      if (!byAddress.has(key)) byAddress.set(key, entry);
    } else if (row.role === 'established' && row.protocol === 'tcp') {
      established.set(
        `${endKey(row.localIp, row.localPort)}>${endKey(row.remoteIp, row.remotePort)}`,
        row,
      );
    }
  }
  for (const row of established.values()) {
    const exact = byAddress.get(listenerKey('tcp', row.family, row.localIp, row.localPort));
    const wildcardIp = row.family === 'IPv4' ? '0.0.0.0' : '::';
    const listener =
      exact ?? byAddress.get(listenerKey('tcp', row.family, wildcardIp, row.localPort));
    // A client socket whose ephemeral port happens to equal a listener's port on another address
    // is not one of its connections: accepted sockets share the listener's exact address or it
    // listens on the wildcard.
    if (listener === undefined || listener.row.protocol !== 'tcp') continue;
    if (!isWildcardIp(listener.row.localIp) && listener.row.localIp !== row.localIp) continue;
    listener.connectionCount += 1;
    if (listener.connections.length >= connectionLimit) continue;
    const client =
      established.get(
        `${endKey(row.remoteIp, row.remotePort)}>${endKey(row.localIp, row.localPort)}`,
      ) ?? null;
    listener.connections.push({ server: row, client });
  }
  return listeners.sort(
    (a, b) =>
      a.row.localPort - b.row.localPort ||
      a.row.protocol.localeCompare(b.row.protocol) ||
      a.row.family.localeCompare(b.row.family) ||
      a.row.localIp.localeCompare(b.row.localIp),
  );
}

/** The same table with every owner replaced, e.g. a socket inode by the process found for it. */
export function mapTableOwners<From, To>(
  table: readonly TableListener<From>[],
  ownerOf: (owner: From) => To,
): TableListener<To>[] {
  const row = (r: SocketRow<From>): SocketRow<To> => ({ ...r, owner: ownerOf(r.owner) });
  return table.map((listener) => ({
    row: row(listener.row),
    connectionCount: listener.connectionCount,
    connections: listener.connections.map((c) => ({
      server: row(c.server),
      client: c.client === null ? null : row(c.client),
    })),
  }));
}
