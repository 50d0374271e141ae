// A raw TCP client for end-to-end tests: connect to a port Porthole opened, send bytes, and
// report how the connection ended.
import { connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

export async function openClient(port: number, host = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ port, host });
  await once(socket, 'connect');
  return socket;
}

export async function send(socket: Socket, data: string | Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    socket.write(data, (error) => (error ? reject(error) : resolve())),
  );
}

/** Resolves with the error code of a connection attempt, or 'connected'. */
export async function tryConnect(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Listen on 127.0.0.1 on a free port (a test's upstream or port holder); resolves with it. */
export async function listenOnLoopback(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}
