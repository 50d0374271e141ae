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
};

await Promise.all([
  viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: quiet ? 'warn' : 'info' }),
  esbuild({
    ...node,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/electron/main.cjs',
    external: ['electron'],
  }),
  esbuild({
    ...node,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
  esbuild({
    ...node,
    entryPoints: ['server/cli.ts'],
    outfile: 'dist/server/cli.cjs',
    external: ['electron'],
  }),
]);
if (!quiet)
  console.log('build: dist/renderer, dist/electron/{main,preload}.cjs, dist/server/cli.cjs');
