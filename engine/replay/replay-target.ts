// Where a replay goes: resolved once to one address, so the check that it is on this machine and
// the connect that follows cannot see different answers (a name that re-resolves elsewhere).

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { appError, fail, ok, type Result } from '../../shared/errors';
import type { AddressFamily, ConnectionInfo } from '../../shared/model';
import type { ReplayTarget } from '../../shared/replay';
import { isThisMachine } from '../net/this-machine';

export interface ResolvedTarget {
  /** As the person gave it (or the original's address), for messages and the connection's row. */
  readonly host: string;
  /** The address connected to. */
  readonly address: string;
  readonly port: number;
  readonly family: AddressFamily;
}

export async function resolveTarget(
  target: ReplayTarget,
  original: ConnectionInfo,
  allowRemote: boolean,
): Promise<Result<ResolvedTarget>> {
  if (target.kind === 'same-port') {
    // The address and port the original client reached.
    return ok({
      host: original.localAddress,
      address: original.localAddress,
      port: original.localPort,
      family: original.family,
    });
  }
  const host = target.host.replace(/^\[(.*)\]$/, '$1');
  let address = host;
  let family: AddressFamily = isIP(host) === 6 ? 'IPv6' : 'IPv4';
  if (isIP(host) === 0) {
    try {
      const found = await lookup(host);
      address = found.address;
      family = found.family === 6 ? 'IPv6' : 'IPv4';
    } catch {
      return fail(appError('UPSTREAM_NOT_FOUND', { host, port: target.port }));
    }
  }
  if (!allowRemote && !isThisMachine(address)) {
    const detail = address === host ? undefined : `it resolves to ${address}`;
    return fail(appError('REPLAY_TARGET_REMOTE', { host, port: target.port, detail }));
  }
  return ok({ host, address, port: target.port, family });
}
