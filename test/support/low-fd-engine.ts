// A Porthole engine in a process of its own, started with few file descriptors (the parent sets
// the limit), so a test can exhaust them for real. It opens one capture port on 127.0.0.1, prints
// `{"port":N}`, then prints the port's snapshot as one JSON line whenever its error changes.
// Ends when stdin closes.

import { createEngine } from '../../engine';
import { serveOneCapturePort } from './capture-port-process';

const engine = createEngine({ batchIntervalMs: 5 });
let lastError: string | null = null;
engine.onBatch((batch) => {
  for (const listener of batch.listeners) {
    const code = listener.error?.code ?? null;
    if (code === lastError) continue;
    lastError = code;
    process.stdout.write(`${JSON.stringify({ listener })}\n`);
  }
});

await serveOneCapturePort(engine);
