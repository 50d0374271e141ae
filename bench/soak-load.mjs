// Child process for the soak benchmark: moderate, steady traffic of every kind a port sees, for
// as long as stdin stays open. Every second: 50 short TCP connections (1 KiB each way through an
// echo port, then closed), 10 long connections each sending 100 small messages, 200 UDP
// datagrams, and 20 connections through a relay. The long connections and the UDP socket (so the
// UDP conversation) are replaced every minute, so what the engine keeps of them stops growing
// once history is full, and whatever still grows is something else. Prints a count of what it
// did once a minute.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

const [capturePort, echoPort, udpPort, relayPort] = process.argv.slice(2).map(Number);
const onError = () => undefined;
const openLong = () =>
  Array.from({ length: 10 }, () => {
    const socket = connect({ host: '127.0.0.1', port: capturePort });
    socket.on('error', onError);
    return socket;
  });
let long = openLong();
let udp = createSocket('udp4');
const kib = Buffer.alloc(1024, 0x62);
const message = Buffer.from('soak message 0123456789abcdef\n');
let done = 0;

function shortConnection(port) {
  const socket = connect({ host: '127.0.0.1', port }, () => socket.end(kib));
  socket.on('data', () => undefined);
  socket.on('error', onError);
  socket.on('close', () => {
    done += 1;
  });
}

const tick = setInterval(() => {
  for (let i = 0; i < 50; i += 1) shortConnection(echoPort);
  for (let i = 0; i < 20; i += 1) shortConnection(relayPort);
  for (const socket of long) for (let i = 0; i < 100; i += 1) socket.write(message);
  for (let i = 0; i < 200; i += 1) udp.send(message, udpPort, '127.0.0.1');
}, 1000);
const report = setInterval(() => {
  for (const socket of long) socket.end();
  long = openLong();
  udp.close();
  udp = createSocket('udp4');
  process.stdout.write(`${JSON.stringify({ done })}\n`);
}, 60_000);

process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(tick);
  clearInterval(report);
  for (const socket of long) socket.destroy();
  udp.close();
  process.exit(0);
});
