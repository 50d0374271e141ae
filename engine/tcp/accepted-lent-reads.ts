// An accepted socket re-made to read into lent buffers (lent-reads.ts). Node takes the `onread`
// option only for sockets it creates itself (connect, or `new Socket`), not for those a server
// accepts; without this the client side of a relay read into fresh memory while its upstream
// side reused warm slots (uploads through a relay ran 0.83× socat, downloads 1.18×).
//
// How: the port accepts with `pauseOnConnect` (tcp-bind.ts), so nothing has been read yet. The
// accepted socket's native handle moves to a new Socket made with `onread` and paused, and the
// first Socket, left without a handle, is destroyed, which also ends the server's count of it.
// `_handle` and the `handle` option are not documented (Node's own cluster and handle-passing
// code use them): where this Node lacks them the socket is kept as it is, so a change there
// costs speed, never a connection. test/engine/tcp/relay-read-buffers.test.ts checks that the
// Node running it takes this path.

import { Socket } from 'node:net';
import { LentReads } from './lent-reads';
import type { ReadBufferPool } from './read-buffer-pool';

interface WithHandle {
  _handle?: { readStart?: unknown } | null;
}

/** The same connection reading through `LentReads` (paused: resume it once wired), or null. */
export function acceptedWithLentReads(
  accepted: Socket,
  pool: ReadBufferPool,
): { readonly socket: Socket; readonly reads: LentReads } | null {
  const holder = accepted as unknown as WithHandle;
  const handle = holder._handle;
  if (handle == null || typeof handle.readStart !== 'function' || !accepted.isPaused()) {
    return null;
  }
  const reads = new LentReads(pool);
  const options = {
    handle,
    allowHalfOpen: accepted.allowHalfOpen,
    readable: true,
    writable: true,
    pauseOnCreate: true,
    onread: reads.onread,
  };
  const socket = new Socket(options);
  holder._handle = null;
  accepted.destroy();
  socket.setNoDelay(true);
  socket.once('close', () => reads.release());
  return { socket, reads };
}
