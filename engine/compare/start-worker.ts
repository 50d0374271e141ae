// Starts a compare worker thread wherever the engine runs. Bundled (dist/server/cli.cjs,
// dist/electron/main.cjs), scripts/build.mjs writes the worker as compare-worker.cjs beside the
// bundle. From source (tsx: tests, benchmarks) there is no such file, so the first job builds
// one with the same esbuild the build uses, once per process. (Registering tsx inside each
// worker instead costs a second of compiling per job — on two cores, time the engine's own
// thread waits for the CPU.)

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompareWorkerData } from './worker-protocol';

const WORKER_BUNDLE = 'compare-worker.cjs';

let fromSource: Promise<string> | null = null;

function buildFromSource(): Promise<string> {
  fromSource ??= (async () => {
    const { build } = await import('esbuild');
    const outfile = join(tmpdir(), `porthole-${process.pid}-${WORKER_BUNDLE}`);
    await build({
      entryPoints: [fileURLToPath(new URL('./compare-worker.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  return fromSource;
}

export async function startCompareWorker(workerData: CompareWorkerData): Promise<Worker> {
  // A CommonJS bundle has __filename; an ES module (tsx, from source) has import.meta instead.
  const bundled = typeof __filename === 'string' && __filename.endsWith('.cjs');
  const file = bundled ? join(__dirname, WORKER_BUNDLE) : await buildFromSource();
  return new Worker(file, { workerData });
}
