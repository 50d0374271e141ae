// Builds everything the app runs: the renderer (Vite), the Electron main process and preload
// (esbuild; the preload as one CommonJS file, as `sandbox: true` requires), and the CLI.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
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
  // engine/compare/start-worker.ts reads import.meta and imports esbuild only when run from
  // source (tsx); a bundle takes its __filename branch and never reaches either.
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'esbuild'],
};
/** The engine's compare worker thread, written beside each bundle that runs the engine. */
const compareWorker = (dir) =>
  esbuild({
    ...node,
    entryPoints: ['engine/compare/compare-worker.ts'],
    outfile: `dist/${dir}/compare-worker.cjs`,
  });

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
  compareWorker('server'),
  compareWorker('electron'),
]);
if (!quiet)
  console.log(
    'build: dist/renderer, dist/electron/{main,preload,compare-worker}.cjs, dist/server/{cli,compare-worker}.cjs',
  );
