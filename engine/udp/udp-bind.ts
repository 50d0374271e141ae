// How a UDP port binds one address and lets go; net/bind-host.ts binds every address of a host
// ('localhost': 127.0.0.1 and ::1 on the same port). The sockets live in the UDP worker thread
// (udp-thread.ts); a failed bind rejects with an Error equal to the one a bind on this thread
// would have given (same errno code, syscall, address and port), so it is explained the same way.

import type { SocketBinder } from '../net/bind-host';
import type { HostAddress } from '../net/listen-addresses';
import { bindThreadSocket, type ThreadSocket } from './udp-thread';

/** Bind one socket; a failed socket is closed (in the worker) before the promise rejects. */
async function bindOne(
  address: HostAddress,
  port: number,
): Promise<{ handle: ThreadSocket; port: number }> {
  const socket = await bindThreadSocket(address.address, address.family === 'IPv6', port);
  return { handle: socket, port: socket.address().port };
}

function closeSockets(sockets: readonly ThreadSocket[]): Promise<void> {
  return Promise.all(sockets.map((socket) => socket.close())).then(() => undefined);
}

export const udpBinder: SocketBinder<ThreadSocket> = { bindOne, release: closeSockets };
