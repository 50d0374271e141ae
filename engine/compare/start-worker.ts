// Starts a compare worker thread wherever the engine runs. Bundled (dist/server/cli.cjs,
// dist/electron/main.cjs), scripts/build.mjs writes the worker as compare-worker.cjs beside the
// bundle. From source under tsx (tests, benchmarks), the worker is the TypeScript file beside
// this one; Node 20 does not hand the parent's --import hooks to a worker, so the worker
// registers tsx itself before loading it.

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompareWorkerData } from './worker-protocol';

const WORKER_BUNDLE = 'compare-worker.cjs';

export function startCompareWorker(workerData: CompareWorkerData): Worker {
  // A CommonJS bundle has __filename; an ES module (tsx, from source) has import.meta instead.
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) {
    return new Worker(join(__dirname, WORKER_BUNDLE), { workerData });
  }
  const entry = new URL('./compare-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
