// `npm start` without an installable Electron: finding the runtime never downloads, a missing
// runtime gets a plain explanation pointing at browser mode (no stack trace), and a present one
// is launched with the app and its exit code passed on.

import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { electronPackageDir, findElectronRuntime } from '../../scripts/electron-runtime.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const start = join(root, 'scripts', 'start.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'porthole-start-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function fakePackage(name: string, pathTxt: string | null, binary: string | null): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  if (pathTxt !== null) writeFileSync(join(dir, 'path.txt'), pathTxt);
  if (binary !== null) writeFileSync(join(dir, 'dist', binary), '');
  return dir;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('ELECTRON_OVERRIDE_DIST_PATH' in extra)) delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return env;
}

function runStart(env: NodeJS.ProcessEnv, args: string[] = []) {
  return spawnSync(process.execPath, [start, '--skip-build', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 90_000,
  });
}

describe('findElectronRuntime', () => {
  test('finds dist/<path.txt> when both exist', () => {
    const dir = fakePackage('ok', 'electron', 'electron');
    assert.deepEqual(findElectronRuntime({ env: {}, packageDir: dir }), {
      path: join(dir, 'dist', 'electron'),
    });
  });

  test('reports what is missing instead of downloading', () => {
    const never = findElectronRuntime({ env: {}, packageDir: fakePackage('never', null, null) });
    assert.match('missing' in never ? never.missing : '', /never downloaded.*path\.txt/);
    const gone = findElectronRuntime({
      env: {},
      packageDir: fakePackage('gone', 'electron', null),
    });
    assert.match('missing' in gone ? gone.missing : '', /binary is missing/);
    const none = findElectronRuntime({ env: {}, packageDir: null });
    assert.match('missing' in none ? none.missing : '', /not installed/);
  });

  test('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const dir = fakePackage('override-pkg', null, null);
    const dist = join(scratch, 'override-dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '');
    const env = { ELECTRON_OVERRIDE_DIST_PATH: dist };
    assert.deepEqual(findElectronRuntime({ env, packageDir: dir }), {
      path: join(dist, 'electron'),
    });
    const missing = findElectronRuntime({
      env: { ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'nope') },
      packageDir: dir,
    });
    assert.match('missing' in missing ? missing.missing : '', /ELECTRON_OVERRIDE_DIST_PATH/);
  });
});

describe('scripts/start.mjs', () => {
  test('a missing runtime is explained in plain words, pointing at npm run serve; exit 1', () => {
    const result = runStart(
      cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'no-electron') }),
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /the Electron runtime is not installed/);
    assert.match(result.stderr, /npm run serve/);
    assert.ok(!/\n\s+at /.test(result.stderr), `stack trace printed:\n${result.stderr}`);
  });

  test('a failed download (unreachable mirror) is one attempt, then the same explanation', (t) => {
    if ('path' in findElectronRuntime({ env: cleanEnv({}) })) {
      t.skip('the Electron runtime is installed here, so start.mjs would not download');
      return;
    }
    if (!electronPackageDir()) {
      t.skip('the electron package is not installed');
      return;
    }
    const mirror = 'http://127.0.0.1:1/';
    const result = runStart(
      cleanEnv({
        ELECTRON_MIRROR: mirror,
        npm_config_electron_mirror: mirror,
        electron_config_cache: join(scratch, 'empty-cache'),
      }),
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /trying to download it/);
    assert.match(result.stderr, /could not be downloaded: .*no network access/);
    assert.match(result.stderr, /npm run serve/);
    assert.ok(!/\n\s+at /.test(result.stderr), `stack trace printed:\n${result.stderr}`);
  });

  test('a present runtime is started with dist/electron/main.cjs and its exit code is passed on', (t) => {
    if (process.platform === 'win32') {
      t.skip('the stand-in runtime is a shell script');
      return;
    }
    const dist = join(scratch, 'fake-dist');
    const pkg = electronPackageDir();
    const relative = pkg ? readPathTxt(pkg) : 'electron';
    const binary = join(dist, relative || 'electron');
    const record = join(scratch, 'args.txt');
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(
      binary,
      `#!/bin/sh\nprintf '%s\\n' "$@" "env:\${ELECTRON_RUN_AS_NODE-unset}" > '${record}'\nexit 7\n`,
    );
    chmodSync(binary, 0o755);
    const result = runStart(
      cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' }),
      ['--foo'],
    );
    assert.equal(result.status, 7, result.stderr);
    assert.deepEqual(readFileSync(record, 'utf8').trim().split('\n'), [
      join(root, 'dist', 'electron', 'main.cjs'),
      '--foo',
      // Left set, it would turn the runtime into plain Node.
      'env:unset',
    ]);
  });
});

function readPathTxt(pkg: string): string {
  try {
    return readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return '';
  }
}
