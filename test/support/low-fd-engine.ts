// A Porthole engine in a process of its own, started with few file descriptors (the parent sets
// the limit), so a test can exhaust them for real. It opens one capture port on 127.0.0.1, prints
// `{"port":N}`, then prints the port's snapshot as one JSON line whenever its error changes.
// Ends when stdin closes.

import { CAPTURE, NO_FAULTS } from '../../shared/behaviours';
import { createEngine } from '../../engine';

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

const opened = await engine.handlers.openListener({
  protocol: 'tcp',
  host: '127.0.0.1',
  port: 0,
  behaviour: CAPTURE,
  faults: NO_FAULTS,
});
if (!opened.ok) throw new Error(opened.error.message);
process.stdout.write(`${JSON.stringify({ port: opened.value.port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void engine.close().then(() => process.exit(0)));
