// Builds everything the app runs: the renderer (Vite), the Electron main process and preload
// (esbuild; the preload as one CommonJS file, as `sandbox: true` requires), and the CLI.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  absWorkingDir: root,
  logLevel: 'warning',
  // engine/core/start-worker.ts reads import.meta and imports esbuild only when run from
  // source (tsx); a bundle takes its __filename branch and never reaches either.
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'esbuild'],
};
/**
 * The engine's worker threads (the list engine/core/start-worker.ts starts them from), written
 * beside each bundle that runs the engine.
 */
const WORKERS = JSON.parse(readFileSync(`${root}/engine/core/engine-workers.json`, 'utf8'));
const workers = (dir) =>
  Object.entries(WORKERS).map(([name, entry]) =>
    esbuild({ ...node, entryPoints: [entry], outfile: `dist/${dir}/${name}.cjs` }),
  );

await Promise.all([
  viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: quiet ? 'warn' : 'info' }),
  esbuild({
    ...node,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/electron/main.cjs',
  }),
  esbuild({
    ...node,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
  }),
  esbuild({
    ...node,
    entryPoints: ['server/cli.ts'],
    outfile: 'dist/server/cli.cjs',
  }),
  ...workers('server'),
  ...workers('electron'),
]);
if (!quiet)
  console.log(
    'build: dist/renderer, dist/electron/{main,preload,compare-worker,udp-worker}.cjs, dist/server/{cli,compare-worker,udp-worker}.cjs',
  );
