// `npm start`: build, find the Electron runtime (one short download attempt if it is missing),
// then run the desktop app and pass its exit code on. Where Electron cannot be had (no network),
// say so in plain words and point at browser mode instead of printing a stack trace.
//
//   node scripts/start.mjs [--skip-build] [extra Electron args...]
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, findElectronRuntime } from './electron-runtime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOWNLOAD_TIMEOUT_MS = 60_000;

const argv = process.argv.slice(2);
const skipBuild = argv.includes('--skip-build');
const electronArgs = argv.filter((arg) => arg !== '--skip-build');

/** Runs a child to completion; resolves with its exit code (signals mapped to 128 + n). */
function exitCodeOf(child) {
  return new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) =>
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)),
    );
  });
}

const NETWORK_ERROR =
  /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|proxy|certificate/i;

/** One attempt at `node node_modules/electron/install.js`; its stack traces are kept quiet. */
async function tryDownload(packageDir) {
  console.error(
    `Porthole: the Electron runtime is not installed; trying to download it (at most ${DOWNLOAD_TIMEOUT_MS / 1000} s)...`,
  );
  const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (data) => {
    if (output.length < 64 * 1024) output += data.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, DOWNLOAD_TIMEOUT_MS);
  const code = await exitCodeOf(child);
  clearTimeout(timer);
  if (timedOut) return `the download did not finish within ${DOWNLOAD_TIMEOUT_MS / 1000} s`;
  if (code === 0) return null;
  if (NETWORK_ERROR.test(output)) {
    return 'this machine could not reach the Electron download server (no network access)';
  }
  const firstLine = output.split('\n').find((line) => line.trim() !== '') ?? '';
  return firstLine ? firstLine.trim().slice(0, 200) : `the installer exited with code ${code}`;
}

function explainMissing(reason) {
  console.error(`
Porthole could not start the desktop app: the Electron runtime is not installed.
Why: ${reason}.

You can use the same app in your browser instead:
  npm run serve

To run the desktop app, try \`npm start\` again where the network is reachable, or set
ELECTRON_OVERRIDE_DIST_PATH to a folder that holds an Electron 45 build.`);
}

async function main() {
  if (!skipBuild) {
    const built = await exitCodeOf(
      spawn(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], {
        cwd: root,
        stdio: 'inherit',
      }),
    );
    if (built !== 0) {
      console.error('Porthole: the build failed (see the messages above).');
      return 1;
    }
  }

  let runtime = findElectronRuntime();
  const packageDir = electronPackageDir();
  // With an override in place a download would land elsewhere and change nothing.
  if ('missing' in runtime && packageDir && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const failure = await tryDownload(packageDir);
    runtime = findElectronRuntime();
    if ('missing' in runtime && failure)
      runtime = { missing: `it could not be downloaded: ${failure}` };
  }
  if ('missing' in runtime) {
    explainMissing(runtime.missing);
    return 1;
  }

  const env = { ...process.env };
  // Set, it would make the runtime behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const app = spawn(runtime.path, [join(root, 'dist', 'electron', 'main.cjs'), ...electronArgs], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  app.once('error', (error) => console.error(`Porthole: could not run Electron: ${error.message}`));
  // Ctrl+C / SIGTERM go to the app so it can close its ports; we then exit with its code.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => app.kill(signal));
  }
  return exitCodeOf(app);
}

process.exitCode = await main();
