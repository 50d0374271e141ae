// electron-builder.yml is checked offline against electron-builder's own schema (packaging
// itself needs a network download, so it is not run here).

import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const check = join(root, 'scripts', 'check-builder-config.mjs');
const config = join(root, 'electron-builder.yml');

function runCheck(file?: string) {
  return spawnSync(process.execPath, file ? [check, file] : [check], { encoding: 'utf8' });
}

test('electron-builder.yml matches the schema and has the agreed identity and targets', () => {
  const result = runCheck();
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /OK/);
  const text = readFileSync(config, 'utf8');
  for (const line of [
    'appId: dev.porthole.app',
    'productName: Porthole',
    'output: release',
    '- AppImage',
    '- deb',
    'category: Development',
    'category: public.app-category.developer-tools',
    'target: dmg',
    'target: nsis',
    'runAsNode: false',
  ]) {
    assert.ok(text.includes(line), line);
  }
});

test('a config with a misspelled key fails with the key named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-builder-'));
  try {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, readFileSync(config, 'utf8').replace('maintainer:', 'maintainr:'));
    const result = runCheck(bad);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /\/linux: must NOT have additional properties "maintainr"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
