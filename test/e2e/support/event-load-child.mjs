// Steady event load for stalled-UI tests and benchmarks, from a process of its own (so neither
// the clients' sockets nor their CPU are the engine's or the test's):
//   node event-load-child.mjs PORT RATE CONNECTIONS CHURN
// holds CONNECTIONS open to 127.0.0.1:PORT and sends RATE 32-byte messages a second over them,
// round robin (each message a socket read in the engine, so an event in every batch it lands
// in), and also makes CHURN short connections a second (connect, one message, close), so the
// engine's connection count keeps moving. Prints one JSON line once every connection is open
// ({"ready":true}); stops on a line on stdin and then prints what it did as one JSON line
// ({"messages", "churned", "connections", "errors"}; `connections` counts every connect that
// succeeded, the held ones included). Exits without a word when stdin closes.
import { connect } from 'node:net';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const [port, rate, held, churn] = process.argv.slice(2).map(Number);
const message = Buffer.alloc(32, 0x2e);
const errors = {};
const failed = (error) => {
  const key = error.code ?? error.message;
  errors[key] = (errors[key] ?? 0) + 1;
};

let connections = 0;
/** A connected socket, or null (the error counted). */
async function open() {
  const socket = connect({ port, host: '127.0.0.1', noDelay: true });
  try {
    await once(socket, 'connect');
  } catch (error) {
    failed(error);
    socket.destroy();
    return null;
  }
  socket.on('error', failed);
  connections += 1;
  return socket;
}

const sockets = [];
for (let i = 0; i < held; i += 1) {
  const socket = await open();
  if (socket !== null) sockets.push(socket);
}
console.log(JSON.stringify({ ready: true }));

let messages = 0;
let churned = 0;
let churnStarted = 0;
let churnOpen = 0;
const start = performance.now();
const timer = setInterval(() => {
  const seconds = (performance.now() - start) / 1000;
  // Catch up to the schedule: a late tick sends what is due, so the rate holds on average.
  const dueMessages = Math.floor(seconds * rate);
  while (messages < dueMessages && sockets.length > 0) {
    sockets[messages % sockets.length]?.write(message);
    messages += 1;
  }
  const dueChurn = Math.floor(seconds * churn);
  while (churnStarted < dueChurn) {
    churnStarted += 1;
    churnOpen += 1;
    void open()
      .then((socket) => {
        if (socket === null) return;
        socket.end(message);
        return once(socket, 'close');
      })
      // Counted by the socket's error listener already.
      .catch(() => undefined)
      .finally(() => {
        churnOpen -= 1;
        churned += 1;
      });
  }
}, 1);

const input = createInterface({ input: process.stdin });
// Whoever started us went away without a word: stop at once.
input.once('close', () => process.exit(0));
input.once('line', async () => {
  clearInterval(timer);
  while (churnOpen > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await Promise.all(
    sockets.map((socket) => {
      const closed = once(socket, 'close');
      socket.end();
      return closed;
    }),
  );
  console.log(JSON.stringify({ messages, churned, connections, errors }));
  process.exit(0);
});
