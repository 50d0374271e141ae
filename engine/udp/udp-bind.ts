// Binding the dgram sockets of one UDP port on every address its host stands for ('localhost':
// 127.0.0.1 and ::1 on the same port), mirroring tcp-bind.ts.

import { createSocket, type Socket } from 'node:dgram';
import type { ListenHost } from '../../shared/model';
import { errnoCode } from '../net/bind-error';
import { addressesOf, type HostAddress } from '../net/listen-addresses';

/** Fresh ports tried when asked for "any port" on two addresses and ::1 has the first one taken. */
export const ANY_PORT_ATTEMPTS = 5;

export interface BoundSocket {
  readonly socket: Socket;
  readonly address: HostAddress;
  readonly port: number;
}

export type UdpBindOutcome =
  | {
      readonly ok: true;
      readonly port: number;
      readonly sockets: readonly BoundSocket[];
      /** An optional address that could not be bound, and why (errno code). */
      readonly skipped: { readonly address: HostAddress; readonly code: string } | null;
    }
  | { readonly ok: false; readonly error: unknown };

/** Bind one socket; a failed socket is closed before the promise rejects. */
function bindOne(address: HostAddress, port: number): Promise<BoundSocket> {
  return new Promise((resolve, reject) => {
    const v6 = address.family === 'IPv6';
    // reuseAddr stays off: a second socket on the same address must fail, not share datagrams.
    // ipv6Only: '::' is the explicit "all interfaces" choice and takes IPv4 peers too (shown as
    // IPv4, see address.ts); libuv rejects the flag on IPv4 sockets.
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
      resolve({ socket, address, port: socket.address().port });
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

export function closeSockets(sockets: readonly BoundSocket[]): Promise<void> {
  return Promise.all(
    sockets.map(({ socket }) => new Promise<void>((resolve) => closeQuietly(socket, resolve))),
  ).then(() => undefined);
}

/**
 * Bind every address of `host` on `port` (0: one the OS picks, the same on all of them). A
 * required address failing fails the whole bind (nothing stays bound). An optional one failing
 * (::1 for 'localhost') is reported in `skipped`, unless the port was "any", where a clash on
 * ::1 just means trying another port. Never rejects.
 */
export async function bindUdp(host: ListenHost, port: number): Promise<UdpBindOutcome> {
  const addresses = addressesOf(host);
  for (let attempt = 1; ; attempt++) {
    const sockets: BoundSocket[] = [];
    let chosen = port;
    let skipped: { address: HostAddress; code: string } | null = null;
    let retry = false;
    for (const address of addresses) {
      try {
        const bound = await bindOne(address, chosen);
        sockets.push(bound);
        chosen = bound.port;
      } catch (error) {
        const code = errnoCode(error) ?? 'EUNKNOWN';
        if (!address.optional) {
          await closeSockets(sockets);
          return { ok: false, error };
        }
        if (port === 0 && code === 'EADDRINUSE' && attempt < ANY_PORT_ATTEMPTS) {
          retry = true;
          break;
        }
        skipped = { address, code };
      }
    }
    if (!retry) return { ok: true, port: chosen, sockets, skipped };
    await closeSockets(sockets);
  }
}
