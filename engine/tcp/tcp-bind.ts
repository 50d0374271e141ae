// How a TCP port binds one address and lets go; net/bind-host.ts binds every address of a host.

import { createServer, type Server } from 'node:net';
import type { SocketBinder } from '../net/bind-host';
import type { HostAddress } from '../net/listen-addresses';

/**
 * Pending-connection queue length. Node's default (511) overflows when a burst of clients
 * connects at once (1,000 concurrent test clients, load generators); the kernel still caps it at
 * net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

function listen(address: HostAddress, port: number): Promise<{ handle: Server; port: number }> {
  return new Promise((resolve, reject) => {
    // Paused on connect: a relay's connection is re-made to read into lent buffers before its
    // first read (accepted-lent-reads.ts); every connection resumes once wired (tcp-connection.ts).
    const server = createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true });
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    try {
      // ipv6Only stays false: '::' is the explicit "all interfaces" choice and should take
      // IPv4 clients too (shown as IPv4, see normalise-address.ts); for '::1' it makes no
      // difference.
      server.listen(
        { host: address.address, port, backlog: LISTEN_BACKLOG, ipv6Only: false },
        () => {
          server.removeListener('error', onError);
          resolve({ handle: server, port: boundPort(server, port) });
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

/**
 * Resolves once each server has stopped accepting *and* its last connection is gone (Node calls
 * close's callback only then), so the port's close can start this first and end its
 * connections after.
 */
function closeServers(servers: readonly Server[]): Promise<void> {
  return Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  ).then(() => undefined);
}

export const tcpBinder: SocketBinder<Server> = { bindOne: listen, release: closeServers };
