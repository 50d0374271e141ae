// Reads from a socket until a text has arrived in full: a test of a text protocol waits for the
// answer it expects rather than for a time.
import type { Socket } from 'node:net';

/** Everything read from `socket` up to and including the first `text`; rejects after `ms`. */
export function readUntil(socket: Socket, text: string, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new Error(`waited for ${JSON.stringify(text)}, got ${JSON.stringify(got)}`));
    }, ms);
    const onData = (data: Buffer) => {
      got += data.toString('latin1');
      if (!got.includes(text)) return;
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(got);
    };
    socket.on('data', onData);
  });
}
