// Out of file descriptors, for real: the engine runs in a child process whose limit is low, and
// clients connect until every descriptor is taken. From then on libuv accepts and closes each
// new client without telling the server, so the port must say so as soon as it takes the last
// descriptor: stay open, name the limit and how to raise it (not "something went wrong inside
// Porthole").

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ListenerInfo } from '../../../shared/model';
import { startEngineProcess } from '../../support/engine-process';

const CHILD = fileURLToPath(new URL('../../support/low-fd-engine.ts', import.meta.url));
/** Enough for Node and tsx to load the engine (the loader opens many files at once); a few
 * hundred clients then use up the rest. */
const FD_LIMIT = 256;

function connectOnce(port: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(null));
    socket.on('error', () => undefined);
  });
}

describe('out of file descriptors', { skip: process.platform === 'win32' }, () => {
  it('taking the last descriptor shows TOO_MANY_OPEN_FILES on the open port, with the limit', async () => {
    const engine = startEngineProcess(CHILD, [], { fdLimit: FD_LIMIT });
    const clients: Socket[] = [];
    try {
      const port = await engine.port();
      // Each accepted connection holds one descriptor in the engine's process. Keep them all
      // open until the engine reports the failure.
      const reported = engine.next<{ listener?: ListenerInfo }>('the port error');
      let settled = false;
      void reported.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let i = 0; i < FD_LIMIT * 2 && !settled; i++) {
        const socket = await connectOnce(port);
        if (socket !== null) clients.push(socket);
      }
      const { listener } = await reported;
      assert.ok(listener !== undefined);
      assert.equal(listener.state, 'open', 'the port stays open');
      assert.equal(listener.error?.code, 'TOO_MANY_OPEN_FILES');
      assert.match(listener.error.message, new RegExp(`its limit of ${FD_LIMIT} is reached`));
      assert.match(listener.error.message, /TCP port 127\.0\.0\.1:\d+ cannot take new connections/);
      assert.match(listener.error.hint, /ulimit -n/);
    } finally {
      for (const socket of clients) socket.destroy();
      engine.child.stdin?.end();
      await engine.exited();
    }
  });
});
