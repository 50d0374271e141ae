// The IPC sender check, proven without Electron: only the main window's top frame showing
// Porthole's own index.html may call the engine.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { appPaths } from '../../electron/main/app-paths';
import {
  isTrustedSender,
  sameFileDocument,
  type ExpectedSender,
  type SenderInfo,
} from '../../electron/main/ipc/is-trusted-sender';

const paths = appPaths(join('/opt', 'My Apps', 'porthole', 'dist', 'electron'));
const expected: ExpectedSender = { webContentsId: 7, indexUrl: paths.indexUrl };
const trusted: SenderInfo = { frameUrl: paths.indexUrl, isMainFrame: true, webContentsId: 7 };

describe('isTrustedSender', () => {
  test('accepts the main window top frame showing our index.html', () => {
    assert.equal(isTrustedSender(trusted, expected), true);
    // In-page state in the fragment does not change the document.
    assert.equal(
      isTrustedSender({ ...trusted, frameUrl: `${paths.indexUrl}#/payload` }, expected),
      true,
    );
  });

  test('rejects a foreign frame URL', () => {
    for (const frameUrl of [
      'https://evil.example/',
      'http://127.0.0.1:8080/index.html',
      'file:///tmp/evil/index.html',
      pathToFileURL('/opt/My Apps/porthole/dist/renderer/other.html').href,
      `${paths.indexUrl}?x=1`,
      'file://evil-host/opt/My%20Apps/porthole/dist/renderer/index.html',
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

describe('sameFileDocument', () => {
  test('compares decoded paths, so both spellings of a space or accent match', () => {
    assert.equal(
      sameFileDocument(
        'file:///opt/My%20Apps/caf%C3%A9/index.html',
        'file:///opt/My Apps/café/index.html',
      ),
      true,
    );
  });

  test('treats a Windows drive letter case-insensitively, nothing else', () => {
    assert.equal(sameFileDocument('file:///C:/app/index.html', 'file:///c:/app/index.html'), true);
    assert.equal(sameFileDocument('file:///c:/App/index.html', 'file:///c:/app/index.html'), false);
  });

  test('an encoded slash or backslash cannot fake a path', () => {
    assert.equal(sameFileDocument('file:///opt%2Fx/index.html', 'file:///opt/x/index.html'), false);
    assert.equal(sameFileDocument('file:///opt%5Cx/index.html', 'file:///opt/x/index.html'), false);
    assert.equal(
      sameFileDocument('file:///opt/%E0%A4%A/index.html', 'file:///opt/x/index.html'),
      false,
    );
  });
});

describe('appPaths', () => {
  test('preload and index sit next to the bundle, index as a file:// URL', () => {
    assert.equal(
      paths.preload,
      join('/opt', 'My Apps', 'porthole', 'dist', 'electron', 'preload.cjs'),
    );
    assert.equal(
      paths.indexHtml,
      join('/opt', 'My Apps', 'porthole', 'dist', 'renderer', 'index.html'),
    );
    assert.equal(paths.indexUrl, 'file:///opt/My%20Apps/porthole/dist/renderer/index.html');
  });
});
