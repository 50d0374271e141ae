// How a UDP port binds one address and lets go; net/bind-host.ts binds every address of a host
// ('localhost': 127.0.0.1 and ::1 on the same port).

import { createSocket, type Socket } from 'node:dgram';
import type { SocketBinder } from '../net/bind-host';
import type { HostAddress } from '../net/listen-addresses';

/** Bind one socket; a failed socket is closed before the promise rejects. */
function bindOne(address: HostAddress, port: number): Promise<{ handle: Socket; port: number }> {
  return new Promise((resolve, reject) => {
    const v6 = address.family === 'IPv6';
    // reuseAddr stays off: a second socket on the same address must fail, not share datagrams.
    // ipv6Only: '::' is the explicit "all interfaces" choice and takes IPv4 peers too (shown as
    // IPv4, see normalise-address.ts); libuv rejects the flag on IPv4 sockets.
    const socket = createSocket({
      type: v6 ? 'udp6' : 'udp4',
      ipv6Only: v6 && address.address !== '::',
      reuseAddr: false,
    });
    const onError = (error: Error): void => {
      socket.removeListener('listening', onListening);
      closeQuietly(socket);
      reject(error);
    };
    const onListening = (): void => {
      socket.removeListener('error', onError);
      resolve({ handle: socket, port: socket.address().port });
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    try {
      // exclusive: in a cluster worker, never borrow the primary's handle for this port.
      socket.bind({ address: address.address, port, exclusive: true });
    } catch (error) {
      socket.removeListener('error', onError);
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function closeQuietly(socket: Socket, done?: () => void): void {
  try {
    socket.close(done);
  } catch {
    done?.(); // Already closed (or never got a handle): nothing to release.
  }
}

function closeSockets(sockets: readonly Socket[]): Promise<void> {
  return Promise.all(
    sockets.map((socket) => new Promise<void>((resolve) => closeQuietly(socket, resolve))),
  ).then(() => undefined);
}

export const udpBinder: SocketBinder<Socket> = { bindOne, release: closeSockets };
