// Hold a TCP port in this process (a plain `net` server on a free port), as "another program"
// for tests that need a port to be taken. For a holder in a process of its own (to check the
// pid and command line Porthole reports), see hold-port-child.ts.

import { once } from 'node:events';
import { createServer, type Server } from 'node:net';

export async function holdPort(host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  const server = createServer();
  server.listen({ host, port: 0 });
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('no bound address');
  return { server, port: address.port };
}
