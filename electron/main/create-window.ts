// The one window. Locked down: the page gets no Node, runs sandboxed and isolated from the
// preload, and can reach the engine only through the named functions the preload exposes.
// It opens where the user left it (size, position, maximised), if that is still on a display.

import { app, BrowserWindow, dialog, screen } from 'electron';
import { join } from 'node:path';
import type { AppPaths } from './app-paths';
import type { Log } from './ipc/register-commands';
import {
  MIN_SIZE,
  placeWindow,
  readWindowState,
  writeWindowState,
  type WindowState,
} from './window-state';

/** At most one automatic reload per this many ms, so a page that crashes on load cannot loop. */
const RELOAD_INTERVAL_MS = 10_000;
/** Moving or resizing fires many events; the file is written once things settle. */
const SAVE_DELAY_MS = 500;

const stateFile = () => join(app.getPath('userData'), 'window-state.json');

/** Saves the normal bounds and maximised state: debounced while it moves, at once on close. */
function rememberWindowState(window: BrowserWindow, file: string, log: Log): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    // The normal bounds, so a maximised window comes back to its own size when restored.
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeWindowState(file, state);
    } catch (error) {
      log('Porthole: could not save the window position:', error);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}

export function createMainWindow(paths: AppPaths, log: Log): BrowserWindow {
  const file = stateFile();
  const placed = placeWindow(
    readWindowState(file),
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const window = new BrowserWindow({
    x: placed.x,
    y: placed.y,
    width: placed.width,
    height: placed.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
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
  window.once('ready-to-show', () => {
    if (placed.maximized) window.maximize();
    window.show();
  });
  rememberWindowState(window, file, log);

  let lastReload = 0;
  window.webContents.on('render-process-gone', (_event, details) => {
    log(`Porthole: the window's page stopped (${details.reason}).`);
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    if (Date.now() - lastReload < RELOAD_INTERVAL_MS) return;
    lastReload = Date.now();
    // The engine kept running; a reloaded page re-lists everything it holds.
    window.webContents.reload();
  });

  window.loadURL(paths.indexUrl).catch((error: unknown) => {
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
