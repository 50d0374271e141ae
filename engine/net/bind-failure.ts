// A failed or partial bind, explained: who holds the port (where the OS lets us see) and the
// next port that is free on every address the host needs.

import { appError, type ErrorInfo } from '../../shared/errors';
import type { ListenHost, PortHolder, Protocol } from '../../shared/model';
import { bindError } from './bind-error';
import type { SkippedAddress } from './bind-host';
import { addressesOf, otherLoopback } from './listen-addresses';
import { findPortHolders, nextFreePort } from '../port-holder';

export interface BindAttempt {
  readonly protocol: Protocol;
  readonly host: ListenHost;
  readonly port: number;
}

/** Holders that take `family`'s loopback clients: on its loopback address or its wildcard. */
function holdersOn(holders: readonly PortHolder[], family: 'IPv4' | 'IPv6'): PortHolder[] {
  const prefixes = family === 'IPv6' ? ['[::1]:', '[::]:'] : ['127.0.0.1:', '0.0.0.0:'];
  return holders.filter((h) => prefixes.some((p) => h.address.startsWith(p)));
}

/**
 * The typed error for a failed bind. For "in use" it names the holders and a free port just
 * above: the two things a person needs next. Never rejects.
 */
export async function describeBindFailure(
  error: unknown,
  attempt: BindAttempt,
): Promise<ErrorInfo> {
  const base = bindError(error, { host: attempt.host, port: attempt.port });
  if (base.code !== 'PORT_IN_USE' || attempt.port === 0) return base;
  const [holders, free] = await Promise.all([
    findPortHolders({ protocol: attempt.protocol, port: attempt.port }).catch(() => []),
    nextFreePort({
      protocol: attempt.protocol,
      addresses: addressesOf(attempt.host).map((a) => a.address),
      after: attempt.port,
    }).catch(() => null),
  ]);
  return appError('PORT_IN_USE', {
    host: attempt.host,
    port: attempt.port,
    holders,
    ...(free !== null ? { nextFreePort: free } : {}),
  });
}

/**
 * Somebody else holds `port` on the loopback address of the family this port does not have (the
 * skipped ::1 of a 'localhost' port, or the other family of a single-family loopback port), so
 * clients that resolve localhost there reach them, not us. Null when nobody (else) does, or
 * when there is no such address to check (all-interfaces hosts). Reads the socket tables, never
 * binds or connects, so nobody's service is touched.
 */
export async function otherFamilyNotice(
  protocol: Protocol,
  host: ListenHost,
  skipped: SkippedAddress | null,
  port: number,
): Promise<ErrorInfo | null> {
  const address =
    skipped !== null && skipped.code === 'EADDRINUSE'
      ? skipped.address.address
      : otherLoopback(host);
  if (address !== '::1' && address !== '127.0.0.1') return null;
  const family = address === '::1' ? 'IPv6' : 'IPv4';
  const holders = await findPortHolders({ protocol, port }).catch(() => []);
  const others = holdersOn(holders, family).filter((h) => h.pid !== process.pid);
  if (others.length === 0) return null;
  return appError('OTHER_FAMILY_HELD', { host: address, port, holders: others });
}

/**
 * The notice for an optional address ('localhost''s ::1) that could not be bound. "In use" is
 * said at once, without holders, so it shows even where the OS will not tell us who; the
 * listener then looks up who it is (that reads /proc or runs a tool) and replaces it.
 */
export function skippedNotice(skipped: SkippedAddress, port: number): ErrorInfo {
  if (skipped.code === 'EADDRINUSE') {
    return appError('OTHER_FAMILY_HELD', { host: skipped.address.address, port });
  }
  return appError('IPV6_UNAVAILABLE', { port });
}
