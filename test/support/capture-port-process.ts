// What the engine-in-a-child-process scripts share (low-fd-engine.ts, persisting-engine.ts):
// open one capture port on 127.0.0.1, print `{"port":N}`, and close the engine and exit when the
// parent closes stdin. Each script prints its own JSON lines besides; engine-process.ts reads
// them on the parent's side.

import { CAPTURE, NO_FAULTS } from '../../shared/behaviours';
import type { Engine } from '../../engine';

export async function serveOneCapturePort(engine: Engine): Promise<void> {
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
}
