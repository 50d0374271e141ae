// The IPC sender check and the app protocol's file lookup, proven without Electron: only the
// main window's top frame showing Porthole's own page (porthole://app/index.html) may call the
// engine, and porthole://app/ serves nothing outside the built renderer folder.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { APP_INDEX_URL, resolveAppFile } from '../../electron/main/app-file';
import { appPaths } from '../../electron/main/app-paths';
import {
  isTrustedSender,
  type ExpectedSender,
  type SenderInfo,
} from '../../electron/main/ipc/is-trusted-sender';

const paths = appPaths(join('/opt', 'My Apps', 'porthole', 'dist', 'electron'));
const expected: ExpectedSender = { webContentsId: 7 };
const trusted: SenderInfo = { frameUrl: paths.indexUrl, isMainFrame: true, webContentsId: 7 };

describe('isTrustedSender', () => {
  test('the window loads the app protocol, not file://', () => {
    assert.equal(paths.indexUrl, 'porthole://app/index.html');
    assert.equal(APP_INDEX_URL, paths.indexUrl);
  });

  test('accepts the main window top frame showing our index.html', () => {
    assert.equal(isTrustedSender(trusted, expected), true);
    // In-page state in the fragment does not change the document.
    assert.equal(
      isTrustedSender({ ...trusted, frameUrl: `${paths.indexUrl}#/payload` }, expected),
      true,
    );
    assert.equal(isTrustedSender({ ...trusted, frameUrl: 'porthole://app/' }, expected), true);
  });

  test('rejects a foreign frame URL', () => {
    for (const frameUrl of [
      'https://evil.example/',
      'http://127.0.0.1:8080/index.html',
      'file:///tmp/evil/index.html',
      'file:///opt/My%20Apps/porthole/dist/renderer/index.html',
      'porthole://app/other.html',
      'porthole://evil/index.html',
      'porthole://user:pw@app/index.html',
      `${paths.indexUrl}?x=1`,
      'data:text/html,<script>1</script>',
      'about:blank',
      '',
      'not a url',
    ]) {
      assert.equal(isTrustedSender({ ...trusted, frameUrl }, expected), false, frameUrl);
    }
  });

  test('rejects a subframe, even one showing our own page', () => {
    assert.equal(isTrustedSender({ ...trusted, isMainFrame: false }, expected), false);
  });

  test('rejects other webContents (another window, a devtools page)', () => {
    assert.equal(isTrustedSender({ ...trusted, webContentsId: 8 }, expected), false);
  });

  test('rejects when the sender frame is gone or there is no main window', () => {
    assert.equal(isTrustedSender(null, expected), false);
    assert.equal(isTrustedSender(trusted, null), false);
  });
});

describe('resolveAppFile (porthole://app/…)', () => {
  const root = paths.rendererRoot;

  test('files of the built renderer, index.html for the bare origin', () => {
    assert.deepEqual(resolveAppFile(root, 'porthole://app/index.html'), {
      ok: true,
      path: join(root, 'index.html'),
    });
    assert.deepEqual(resolveAppFile(root, 'porthole://app/'), {
      ok: true,
      path: join(root, 'index.html'),
    });
    assert.deepEqual(resolveAppFile(root, 'porthole://app/assets/decode-worker-a1.js?v=1#x'), {
      ok: true,
      path: join(root, 'assets', 'decode-worker-a1.js'),
    });
  });

  test('traversal in every spelling, other hosts and schemes, hidden files and maps: nothing', () => {
    for (const url of [
      'porthole://app/../electron/main.cjs',
      'porthole://app/%2e%2e/electron/main.cjs',
      'porthole://app/%2E%2E%2Felectron%2Fmain.cjs',
      'porthole://app/assets/..%2f..%2fpackage.json',
      'porthole://app/assets/%5c..%5c..%5cpackage.json',
      'porthole://app/..\\..\\package.json',
      'porthole://app/C:/Windows/win.ini',
      'porthole://app/assets/%00.js',
      'porthole://app/.env',
      'porthole://app/assets/index.js.map',
      'porthole://app/assets/',
      'porthole://app//etc/passwd',
      'porthole://other/index.html',
      'porthole://user@app/index.html',
      'file:///etc/passwd',
      'http://app/index.html',
      'not a url',
    ]) {
      const found = resolveAppFile(root, url);
      // URL() itself resolves "../" and "%2e%2e/" (to /electron/main.cjs under the root, which
      // does not exist there); whatever it leaves must still be inside the root.
      if (found.ok) assert.ok(found.path.startsWith(`${root}/`), `${url} → ${found.path}`);
      const resolvedByUrl = /^porthole:\/\/app\/(\.\.|%2e%2e)\//.test(url);
      if (!resolvedByUrl) assert.equal(found.ok, false, url);
    }
  });
});
