// Child process for the relay benchmarks: the upstream service behind the relay, in a process of
// its own so it never shares an event loop with the relay measured.
//   sink:   read and discard; answer the client's FIN with ours. With `pauseMs` > 0 a slow
//           reader: after each read it stops reading for that long (relay-memory).
//   source: on connect, write `bytes` as fast as the socket takes them, then FIN.
// Prints its port on stdout once listening; exits when stdin closes.
import { createServer } from 'node:net';

const [mode, bytesArg, pauseArg] = process.argv.slice(2);
const bytes = Number(bytesArg ?? 0);
const pauseMs = Number(pauseArg ?? 0);
const block = Buffer.alloc(256 * 1024, 0x62);

const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
  socket.on('error', () => {});
  socket.on('data', () => {
    if (pauseMs <= 0) return;
    socket.pause();
    setTimeout(() => socket.resume(), pauseMs);
  });
  socket.on('end', () => socket.end());
  if (mode !== 'source') return;
  let left = bytes;
  const pump = () => {
    while (left > 0) {
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      if (!socket.write(piece)) return socket.once('drain', pump);
    }
    socket.end();
  };
  pump();
});
server.listen({ host: '127.0.0.1', port: 0 }, () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
