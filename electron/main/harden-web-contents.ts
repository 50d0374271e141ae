// App-wide rules for every web page Electron creates: no navigation, no new windows, no
// <webview>, and no permissions (camera, notifications, USB ...). The app shows one local page
// and needs none of it.

import type { App, Session, WebContents } from 'electron';

export function hardenWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    // Captured payloads are hostile input: nothing in them may take the window elsewhere.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * Everything is denied except writing text to the clipboard from Porthole's own window, which
 * the "Copy" actions need; clipboard writes are sanitized by Chromium and reading is not allowed.
 */
export function denyPermissions(
  session: Session,
  isTrusted: (contents: WebContents | null) => boolean,
): void {
  const allowed = (contents: WebContents | null, permission: string): boolean =>
    permission === 'clipboard-sanitized-write' && isTrusted(contents);
  session.setPermissionRequestHandler((contents, permission, callback) =>
    callback(allowed(contents, permission)),
  );
  session.setPermissionCheckHandler((contents, permission) => allowed(contents, permission));
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}
