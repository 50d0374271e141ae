// Child process for the throughput benchmark: connects, writes `bytes` as fast as the socket
// takes them, half-closes, and prints the milliseconds from connect until the server closed.
// Runs in its own process so the client never shares an event loop with the server measured.
// By default it sends one 256 KiB block again and again (cache-hot). With "from-memory" it holds
// all `bytes` in memory and sends them in 256 KiB pieces, as a program sending a payload it has
// would (and as a replay sends its recording): once untimed on a first connection, because the
// first send from freshly allocated memory runs at a fraction of the speed of later ones (~0.5
// against ~2 GiB/s here, whether or not the pages were touched first), then timed on a second.
import { once } from 'node:events';
import { connect } from 'node:net';

const [portText, bytesText, mode] = process.argv.slice(2);
const port = Number(portText);
const bytes = Number(bytesText);
const BLOCK = 256 * 1024;
const whole = mode === 'from-memory' ? Buffer.alloc(bytes, 0x61) : null;
const block = Buffer.alloc(BLOCK, 0x61);

/** Milliseconds from connect until the server closed, for one connection sending `bytes`. */
async function sendAll() {
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  socket.on('data', () => {});
  await once(socket, 'connect');
  const started = performance.now();
  let left = bytes;
  const pump = () => {
    while (left > 0) {
      const sent = bytes - left;
      const size = Math.min(BLOCK, left);
      const piece = whole === null ? block.subarray(0, size) : whole.subarray(sent, sent + size);
      left -= piece.length;
      if (!socket.write(piece)) return socket.once('drain', pump);
    }
    socket.end();
  };
  const closed = once(socket, 'close');
  pump();
  await closed;
  return performance.now() - started;
}

if (whole !== null) await sendAll();
process.stdout.write(`${await sendAll()}\n`);
