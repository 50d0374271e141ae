// A Porthole engine in a process of its own that keeps its capture in the data folder given as
// its argument, so a test can kill it (SIGKILL) in the middle of a transfer and read what is on
// disk. It opens one capture port on 127.0.0.1 and prints `{"port":N}`, then, with every event
// batch, `{"captured":N}`: the bytes the engine had captured by then. Its capture limits are
// raised so that a 200 MiB transfer is captured whole. Ends when stdin closes.

import { createEngine } from '../../engine';
import { serveOneCapturePort } from './capture-port-process';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: persisting-engine.ts DATA_DIR');
const engine = createEngine({
  batchIntervalMs: 20,
  persist: { dataDir },
  limits: { perConnectionBytes: 512 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024 },
});
engine.onBatch((batch) => {
  process.stdout.write(`${JSON.stringify({ captured: batch.stats.bytesCaptured })}\n`);
});
await serveOneCapturePort(engine);
