// A currently free port, chosen by the OS.

import { createServer } from 'node:net';

/**
 * Bind 127.0.0.1:0, read the port the OS picked, release it. The port is free at this instant
 * only; that is all a "suggest" button needs, and the OS rarely reuses an ephemeral port soon.
 */
export function suggestPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
