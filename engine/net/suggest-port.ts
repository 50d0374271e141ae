// A currently free port, chosen by the OS, that is free on every address a host binds.

import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Protocol } from '../../shared/model';
import { nextFreePort } from '../port-holder';

/** Tries before giving up; the OS rarely hands out a port that is taken on the other family. */
const ATTEMPTS = 10;

/** Bind address:0, read the port the OS picked, release it. */
function osPickedPort(protocol: Protocol, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    if (protocol === 'udp') {
      const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind({ address, port: 0 }, () => {
        const port = socket.address().port;
        socket.close(() => resolve(port));
      });
      return;
    }
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: address, port: 0 }, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound !== null ? bound.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port free at this instant on all `addresses` (e.g. 127.0.0.1 and ::1 for localhost). That is
 * all a "suggest" button needs, and the OS rarely reuses an ephemeral port soon.
 */
export async function suggestPort(
  protocol: Protocol = 'tcp',
  addresses: readonly string[] = ['127.0.0.1'],
): Promise<number | null> {
  const first = addresses[0] ?? '127.0.0.1';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await osPickedPort(protocol, first);
    if (addresses.length === 1) return port;
    const free = await nextFreePort({ protocol, addresses, after: port - 1, limit: 1 });
    if (free === port) return port;
  }
  return null;
}
