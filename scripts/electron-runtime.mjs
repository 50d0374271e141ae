// Finds the Electron runtime binary WITHOUT triggering a download. `require('electron')` would
// try to download it when missing (and throw offline), so the lookup is redone here from the
// same files the electron package uses: node_modules/electron/path.txt + dist/, or
// ELECTRON_OVERRIDE_DIST_PATH.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Directory of the installed electron npm package, or null. Resolving runs none of its code. */
export function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * @param {{ env?: NodeJS.ProcessEnv, packageDir?: string | null }} [options]
 * @returns {{ path: string } | { missing: string }}
 */
export function findElectronRuntime(options = {}) {
  const env = options.env ?? process.env;
  const packageDir = options.packageDir === undefined ? electronPackageDir() : options.packageDir;
  const pathFile = packageDir ? join(packageDir, 'path.txt') : null;
  const relative = pathFile && existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';

  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative || 'electron');
    return existsSync(candidate)
      ? { path: candidate }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${candidate} does not exist` };
  }
  if (!packageDir) return { missing: 'the electron package is not installed (run npm install)' };
  if (!relative) {
    return {
      missing:
        'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)',
    };
  }
  const candidate = join(packageDir, 'dist', relative);
  return existsSync(candidate)
    ? { path: candidate }
    : { missing: `the Electron binary is missing (${candidate} does not exist)` };
}
