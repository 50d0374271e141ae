// App-wide rules for every web page Electron creates: no navigation (top frame or subframe), no
// new windows, no <webview>, and no permissions at all (camera, notifications, clipboard, USB
// ...). The app shows one local page and needs none of it.

import type { App, Session } from 'electron';

export function hardenWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    // Captured payloads are hostile input: nothing in them may take the window elsewhere.
    contents.on('will-navigate', (event) => event.preventDefault());
    // Also fires for subframes (will-navigate covers only the top frame): the page has no
    // frames, so any frame navigation is unexpected and refused.
    contents.on('will-frame-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** Every permission request and check is denied, whoever asks; so are devices and screen capture. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}
