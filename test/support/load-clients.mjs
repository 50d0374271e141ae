// Load for the engine's load tests, from a process of its own (so the clients' sockets and CPU
// are not the engine's): `hold PORT N` opens N connections that each send one line and stay
// open until a line arrives on stdin; `storm PORT N SECONDS` makes N connections spread evenly
// over SECONDS, each sending one line and closing. Prints one JSON line with what happened.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

const [mode, portText, countText, secondsText] = process.argv.slice(2);
const port = Number(portText);
const count = Number(countText);
const errors = {};
const failed = (error) => {
  errors[error.code ?? error.message] = (errors[error.code ?? error.message] ?? 0) + 1;
};

function open(i, onDone) {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  socket.once('connect', () => {
    socket.write(`hello ${i}\n`);
    onDone(socket, null);
  });
  socket.once('error', (error) => onDone(socket, error));
  return socket;
}

if (mode === 'hold') {
  const sockets = [];
  let settled = 0;
  let connected = 0;
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    sockets.push(
      open(i, (_socket, error) => {
        if (error) failed(error);
        else connected++;
        if (++settled === count) {
          console.log(JSON.stringify({ connected, errors, ms: Date.now() - started }));
        }
      }),
    );
  }
  createInterface({ input: process.stdin }).once('line', () => {
    let closed = 0;
    for (const s of sockets) {
      s.once('close', () => {
        if (++closed === sockets.length) process.exit(0);
      });
      s.end();
    }
  });
} else if (mode === 'storm') {
  const seconds = Number(secondsText);
  const interval = (seconds * 1000) / count;
  let started = 0;
  let done = 0;
  let connected = 0;
  const begin = Date.now();
  const finish = () => {
    if (++done === count) {
      console.log(JSON.stringify({ connected, errors, ms: Date.now() - begin }));
      process.exit(0);
    }
  };
  const tick = () => {
    // Catch up to where the schedule says we should be.
    const due = Math.min(count, Math.floor((Date.now() - begin) / interval) + 1);
    for (; started < due; started++) {
      const i = started;
      open(i, (socket, error) => {
        if (error) {
          failed(error);
          finish();
          return;
        }
        connected++;
        socket.once('close', finish);
        socket.once('error', failed);
        socket.end();
      });
    }
    if (started < count) setTimeout(tick, 5);
  };
  tick();
}
