// "Use the next free port": the first port after a taken one that every wanted address can bind.

import { createSocket } from 'node:dgram';
import { createServer, isIPv4, isIPv6 } from 'node:net';

export interface NextFreePortQuery {
  readonly protocol: 'tcp' | 'udp';
  /** Every address the listener will bind, e.g. ['127.0.0.1', '::1'] for dual-stack localhost. */
  readonly addresses: readonly string[];
  /** Search starts at after + 1. */
  readonly after: number;
  /** How many ports to try at most. Default 200. */
  readonly limit?: number;
}

const DEFAULT_FREE_PORT_LIMIT = 200;

/** The address itself cannot be bound on this machine (or a name does not resolve), whatever the port. */
const ADDRESS_ERRORS = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'ENOTFOUND']);

type Probe = { readonly ok: true; release(): Promise<void> } | { readonly ok: false; code: string };

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

function probeTcp(host: string, port: number, ipv6Only: boolean): Promise<Probe> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => resolve({ ok: false, code: errorCode(error) }));
    // exclusive: inside a cluster worker, listen() would otherwise ask the primary for a shared
    // handle and could "succeed" on a port the primary already holds.
    server.listen({ host, port, exclusive: true, ipv6Only }, () =>
      resolve({ ok: true, release: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}

function probeUdp(host: string, port: number, ipv6Only: boolean): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', ipv6Only });
    socket.once('error', (error) => resolve({ ok: false, code: errorCode(error) }));
    socket.bind({ address: host, port, exclusive: true }, () =>
      resolve({ ok: true, release: () => new Promise((done) => socket.close(() => done())) }),
    );
  });
}

/**
 * The IPv6 wildcard binds IPv4 too unless told not to. When the caller also binds IPv4 addresses
 * it needs separate IPv6 and IPv4 sockets, so the probe must not claim IPv4 (it would collide with
 * its own IPv4 probe). On its own, '::' is probed dual-stack, as the listener opens it.
 */
function wantsIpv6Only(host: string, addresses: readonly string[]): boolean {
  return (host === '::' || host === '::0') && addresses.some((a) => isIPv4(a));
}

type Attempt = { kind: 'free' } | { kind: 'taken' } | { kind: 'unavailable'; address: string };

/** Bind every address at once (they must coexist, as the real listeners will), then release. */
async function tryPort(
  protocol: 'tcp' | 'udp',
  addresses: readonly string[],
  port: number,
): Promise<Attempt> {
  const held: Array<() => Promise<void>> = [];
  let attempt: Attempt = { kind: 'free' };
  for (const host of addresses) {
    const ipv6Only = wantsIpv6Only(host, addresses);
    const probe = await (protocol === 'tcp'
      ? probeTcp(host, port, ipv6Only)
      : probeUdp(host, port, ipv6Only));
    if (probe.ok) {
      held.push(probe.release);
      continue;
    }
    attempt = ADDRESS_ERRORS.has(probe.code)
      ? { kind: 'unavailable', address: host }
      : { kind: 'taken' };
    break;
  }
  await Promise.all(held.map((release) => release()));
  return attempt;
}

/**
 * The first port above `after` (at most `limit` tried, never above 65535) that can be bound on
 * every address for `protocol`, or null. The port is only known free at that instant; the caller
 * still handles EADDRINUSE when it binds for real.
 *
 * '::1' is dropped from the required addresses when the machine has no IPv6 loopback: IPv4-only
 * localhost still works, and no port would ever satisfy '::1' there. Any other address that
 * cannot be bound at all yields null at once rather than trying every port in vain.
 */
export async function nextFreePort(query: NextFreePortQuery): Promise<number | null> {
  const { protocol, after } = query;
  const limit = query.limit ?? DEFAULT_FREE_PORT_LIMIT;
  if (protocol !== 'tcp' && protocol !== 'udp') return null;
  if (!Number.isInteger(after) || !Number.isInteger(limit) || limit < 1) return null;
  let addresses = [...new Set(query.addresses)];
  // Nothing to check against: any answer would be a guess.
  if (addresses.length === 0) return null;

  const first = Math.max(1, after + 1);
  const last = Math.min(65535, after + limit);
  for (let port = first; port <= last;) {
    const attempt = await tryPort(protocol, addresses, port);
    if (attempt.kind === 'free') return port;
    if (attempt.kind === 'taken') {
      port += 1;
      continue;
    }
    if (attempt.address !== '::1') return null;
    addresses = addresses.filter((a) => a !== '::1');
    if (addresses.length === 0) return null;
    // Same port again, now without '::1'.
  }
  return null;
}
