// Child process for the relay benchmarks' download direction: connects, reads until the other
// side closes, checks the byte count, and prints the milliseconds from connect to close. With
// `pauseMs` > 0 a slow reader: after each read it stops reading for that long (relay-memory).
import { connect } from 'node:net';

const [port, expected, pauseMs = 0] = process.argv.slice(2).map(Number);
const socket = connect({ host: '127.0.0.1', port });
let received = 0;
socket.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
socket.once('connect', () => {
  const started = performance.now();
  socket.on('data', (data) => {
    received += data.length;
    if (pauseMs <= 0) return;
    socket.pause();
    setTimeout(() => socket.resume(), pauseMs);
  });
  socket.on('end', () => socket.end());
  socket.once('close', () => {
    if (received !== expected) {
      console.error(`received ${received} of ${expected} bytes`);
      process.exit(1);
    }
    process.stdout.write(`${performance.now() - started}\n`);
  });
});
