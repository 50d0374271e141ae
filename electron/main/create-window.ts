// The one window. Locked down: the page gets no Node, runs sandboxed and isolated from the
// preload, and can reach the engine only through the named functions the preload exposes.

import { BrowserWindow, dialog } from 'electron';
import type { AppPaths } from './app-paths';
import type { Log } from './ipc/register-commands';

/** At most one automatic reload per this many ms, so a page that crashes on load cannot loop. */
const RELOAD_INTERVAL_MS = 10_000;

export function createMainWindow(paths: AppPaths, log: Log): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Porthole',
    show: false,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
  window.once('ready-to-show', () => window.show());

  let lastReload = 0;
  window.webContents.on('render-process-gone', (_event, details) => {
    log(`Porthole: the window's page stopped (${details.reason}).`);
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    if (Date.now() - lastReload < RELOAD_INTERVAL_MS) return;
    lastReload = Date.now();
    // The engine kept running; a reloaded page re-lists everything it holds.
    window.webContents.reload();
  });

  window.loadFile(paths.indexHtml).catch((error: unknown) => {
    log('Porthole: could not load the user interface:', error);
    dialog.showErrorBox(
      'Porthole could not load its window',
      `${paths.indexHtml} could not be loaded. Run \`npm run build\`, then start Porthole again.`,
    );
  });
  return window;
}

export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
