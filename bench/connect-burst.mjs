// Child process for the client-naming benchmark: opens `count` TCP connections at `rate` a
// second, each writing 64 bytes and staying open (pooled clients, whose program can be named),
// then prints {ms} once all are connected and closes them when stdin ends.
import { connect } from 'node:net';

const [port, count, rate] = process.argv.slice(2).map(Number);
const sockets = [];
const started = performance.now();
let opened = 0;
const payload = Buffer.alloc(64, 0x61);
const tick = setInterval(() => {
  for (let i = 0; i < rate / 100 && sockets.length < count; i++) {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(payload);
      opened += 1;
      if (opened === count)
        process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
    });
    socket.on('error', (error) => {
      console.error(error.message);
      process.exit(1);
    });
    sockets.push(socket);
  }
  if (sockets.length >= count) clearInterval(tick);
}, 10);
process.stdin.resume();
process.stdin.on('end', () => {
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
