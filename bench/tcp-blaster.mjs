// Child process for the throughput benchmark: connects, writes `bytes` as fast as the socket
// takes them, half-closes, and prints the milliseconds from connect until the server closed.
// Runs in its own process so the client never shares an event loop with the server measured.
import { connect } from 'node:net';

const [port, bytes] = process.argv.slice(2).map(Number);
const block = Buffer.alloc(256 * 1024, 0x61);
const socket = connect({ host: '127.0.0.1', port });
socket.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
socket.on('data', () => {});
socket.once('connect', () => {
  const started = performance.now();
  let left = bytes;
  const pump = () => {
    while (left > 0) {
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      if (!socket.write(piece)) return socket.once('drain', pump);
    }
    socket.end();
  };
  socket.once('close', () => {
    process.stdout.write(`${performance.now() - started}\n`);
  });
  pump();
});
