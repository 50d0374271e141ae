// A stream between the TLS layer and the TCP socket that keeps the first bytes the peer sent.
// Handed a net.Socket directly, Node's TLS reads it natively and the bytes are gone; they are
// what tells "answered in plain HTTP" from "spoke TLS but refused the handshake".

import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

export interface SocketTap {
  readonly stream: Duplex;
  /** The first bytes read from the peer (up to the keep bound). */
  firstBytes(): Buffer;
  /** Whether the peer reset the connection (rather than closing it). */
  wasReset(): boolean;
}

export function tapSocket(socket: Socket, keep: number): SocketTap {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let reset = false;
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, (error) => callback(error ?? null));
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (keptBytes < keep) {
      const part = chunk.subarray(0, keep - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ECONNRESET') reset = true;
    stream.destroy(error);
  });
  socket.on('close', () => {
    if (!stream.destroyed) stream.push(null);
  });
  return {
    stream,
    firstBytes: () => Buffer.concat(kept),
    wasReset: () => reset,
  };
}
