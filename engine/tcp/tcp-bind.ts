// Binding TCP servers on every address a listen host stands for, on one port.

import { createServer, type Server } from 'node:net';
import type { ListenHost } from '../../shared/model';
import { errnoCode } from '../net/bind-error';
import { addressesOf, type HostAddress } from '../net/listen-addresses';

/**
 * Pending-connection queue length. Node's default (511) overflows when a burst of clients
 * connects at once (1,000 concurrent test clients, load generators); the kernel still caps it at
 * net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

/** Fresh ports tried when asked for "any port" on two addresses and ::1 has the first one taken. */
const ANY_PORT_ATTEMPTS = 5;

export interface BoundServer {
  readonly server: Server;
  readonly address: HostAddress;
}

export type BindOutcome =
  | {
      readonly ok: true;
      readonly port: number;
      readonly servers: readonly BoundServer[];
      /** An optional address that could not be bound, and why (errno code). */
      readonly skipped: { readonly address: HostAddress; readonly code: string } | null;
    }
  | { readonly ok: false; readonly error: unknown };

function listen(address: HostAddress, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ allowHalfOpen: true, noDelay: true });
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    try {
      // ipv6Only stays false: '::' is the explicit "all interfaces" choice and should take
      // IPv4 clients too (shown as IPv4, see address.ts); for '::1' it makes no difference.
      server.listen(
        { host: address.address, port, backlog: LISTEN_BACKLOG, ipv6Only: false },
        () => {
          server.removeListener('error', onError);
          resolve(server);
        },
      );
    } catch (error) {
      server.removeListener('error', onError);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function boundPort(server: Server, fallback: number): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : fallback;
}

function closeAll(servers: readonly BoundServer[]): Promise<void> {
  return Promise.all(
    servers.map((s) => new Promise<void>((resolve) => s.server.close(() => resolve()))),
  ).then(() => undefined);
}

/**
 * Bind every address of `host` on `port` (0: one the OS picks, the same on all of them). A
 * required address failing fails the whole bind (nothing stays bound). An optional one failing
 * (::1 for 'localhost') is reported in `skipped` — unless the port was "any", where a clash on
 * ::1 just means trying another port.
 */
export async function bindTcp(host: ListenHost, port: number): Promise<BindOutcome> {
  const addresses = addressesOf(host);
  for (let attempt = 0; ; attempt++) {
    const servers: BoundServer[] = [];
    let chosen = port;
    let skipped: { address: HostAddress; code: string } | null = null;
    let retry = false;
    for (const address of addresses) {
      try {
        const server = await listen(address, chosen);
        servers.push({ server, address });
        chosen = boundPort(server, chosen);
      } catch (error) {
        const code = errnoCode(error) ?? 'EUNKNOWN';
        if (!address.optional) {
          await closeAll(servers);
          return { ok: false, error };
        }
        if (port === 0 && code === 'EADDRINUSE' && attempt < ANY_PORT_ATTEMPTS) {
          retry = true;
          break;
        }
        skipped = { address, code };
      }
    }
    if (!retry) return { ok: true, port: chosen, servers, skipped };
    await closeAll(servers);
  }
}
