// Child process for the throughput benchmark: connects, writes `bytes` as fast as the socket
// takes them, half-closes, and prints the milliseconds from connect until the server closed.
// Runs in its own process so the client never shares an event loop with the server measured.
// By default it sends one 256 KiB block again and again (cache-hot); with "from-memory" it
// holds all `bytes` in memory first, written before connecting, and sends them once, in
// 256 KiB pieces — as a program sending a payload it has would (and as a replay does).
import { connect } from 'node:net';

const [portText, bytesText, mode] = process.argv.slice(2);
const port = Number(portText);
const bytes = Number(bytesText);
const BLOCK = 256 * 1024;
const whole = mode === 'from-memory' ? Buffer.alloc(bytes, 0x61) : null;
const block = whole ?? Buffer.alloc(BLOCK, 0x61);
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
      const sent = bytes - left;
      const piece =
        whole === null
          ? block.subarray(0, Math.min(BLOCK, left))
          : whole.subarray(sent, sent + Math.min(BLOCK, left));
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
