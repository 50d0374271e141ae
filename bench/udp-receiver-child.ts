// One UDP receiver for the burst benchmark, in a process of its own: a bare Node dgram sink
// (default receive buffer, or the one Porthole asks for), or a Porthole capture port on a real
// engine. Prints "READY <port>"; on a line on stdin prints what it received as JSON and exits.
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import { createEngine } from '../engine';
import { CAPTURE, NO_FAULTS } from '../shared/behaviours';

const mode = process.argv[2];
const SIZE = Number(process.argv[3] ?? 200);

async function main(): Promise<void> {
  let report: () => Promise<{ received: number; osDrops: number | null }>;
  if (mode === 'sink' || mode === 'sink-big') {
    const socket = createSocket('udp4');
    let received = 0;
    socket.on('message', () => received++);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    // What Porthole's UDP ports ask for (engine/udp/receive-buffer.ts); Linux grants up to
    // net.core.rmem_max.
    if (mode === 'sink-big') socket.setRecvBufferSize(8 * 1024 * 1024);
    console.log(`READY ${socket.address().port}`);
    report = () => Promise.resolve({ received, osDrops: null });
  } else {
    const engine = createEngine({});
    const { handlers } = engine;
    const opened = await handlers.openListener({
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
      behaviour: CAPTURE,
      faults: NO_FAULTS,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = opened.value.id;
    console.log(`READY ${opened.value.port}`);
    report = async () => {
      // The drop count is read once a second: wait for a fresh reading.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const listed = await handlers.listListeners({});
      const info = listed.ok ? listed.value.find((l) => l.id === id) : undefined;
      return { received: (info?.bytesIn ?? 0) / SIZE, osDrops: info?.osDrops ?? null };
    };
  }
  createInterface({ input: process.stdin }).once('line', () => {
    void report().then((r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    });
  });
}

await main();
