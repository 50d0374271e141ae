// Starts one of the engine's worker threads wherever the engine runs. Bundled
// (dist/server/cli.cjs, dist/electron/main.cjs), scripts/build.mjs writes each worker as
// <name>.cjs beside the bundle. From source (tsx: tests, benchmarks) there is no such file, so
// the first start of each worker builds one with the same esbuild the build uses, once per
// process. (Registering tsx inside each worker instead costs a second of compiling per start —
// on two cores, time the engine's own thread waits for the CPU.)

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
// Every worker thread the engine starts, by bundle name, and its entry from the project root;
// scripts/build.mjs reads the same file to write each one beside the bundles.
import ENGINE_WORKERS from './engine-workers.json';

type EngineWorker = keyof typeof ENGINE_WORKERS;

const fromSource = new Map<EngineWorker, Promise<string>>();

function buildFromSource(name: EngineWorker): Promise<string> {
  let built = fromSource.get(name);
  if (built === undefined) {
    built = (async () => {
      const { build } = await import('esbuild');
      const outfile = join(tmpdir(), `porthole-${process.pid}-${name}.cjs`);
      await build({
        entryPoints: [fileURLToPath(new URL(`../../${ENGINE_WORKERS[name]}`, import.meta.url))],
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
    // A failed build is not remembered: the next start tries again.
    built.catch(() => fromSource.delete(name));
    fromSource.set(name, built);
  }
  return built;
}

export async function startWorker(name: EngineWorker, workerData: unknown): Promise<Worker> {
  // A CommonJS bundle has __filename; an ES module (tsx, from source) has import.meta instead.
  const bundled = typeof __filename === 'string' && __filename.endsWith('.cjs');
  const file = bundled ? join(__dirname, `${name}.cjs`) : await buildFromSource(name);
  return new Worker(file, { workerData });
}
