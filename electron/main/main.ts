// Electron entry point: app lifecycle only. The engine is the same plain-Node engine browser
// mode uses; this file wires it to one locked-down window through main/ipc.

import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { createEngine } from '../../engine';
import { installAppMenu } from './app-menu';
import { appPaths } from './app-paths';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { createMainWindow, focusWindow } from './create-window';
import { installFatalErrorHandlers } from './fatal-errors';
import { denyPermissions, hardenWebContents } from './harden-web-contents';
import { desktopTransferHandlers } from './ipc/desktop-transfers';
import { forwardBatches } from './ipc/forward-batches';
import type { ExpectedSender } from './ipc/is-trusted-sender';
import { registerCommands, type Log } from './ipc/register-commands';
import { raiseOpenFilesLimit } from './raise-open-files-limit';

installFatalErrorHandlers();

// Launched as `electron dist/electron/main.cjs` the app would otherwise be called "Electron"
// and keep its data under that name.
app.setName('Porthole');
app.setPath('userData', join(app.getPath('appData'), 'Porthole'));

const log: Log = (message, error) =>
  error === undefined ? console.error(message) : console.error(message, error);

raiseOpenFilesLimit(log);

if (!app.requestSingleInstanceLock()) {
  // Another Porthole owns the ports; it focuses its window on 'second-instance'.
  app.quit();
} else {
  run();
}

function run(): void {
  const paths = appPaths();
  // Captures are kept on disk in the app's own user-data folder.
  const engine = createEngine({
    version: app.getVersion(),
    persist: { dataDir: app.getPath('userData') },
  });
  let mainWindow: BrowserWindow | null = null;

  const expected = (): ExpectedSender | null =>
    mainWindow && !mainWindow.isDestroyed() ? { webContentsId: mainWindow.webContents.id } : null;

  hardenWebContents(app);
  registerAppScheme();
  app.on('second-instance', () => focusWindow(mainWindow));

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    handleAppProtocol(paths.rendererRoot);
    installAppMenu(app.isPackaged);
    const host = desktopTransferHandlers(
      engine,
      () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
      () => app.getPath('downloads'),
    );
    registerCommands(engine, host, expected, log);
    forwardBatches(engine, () => {
      const exp = expected();
      return mainWindow && exp ? { webContents: mainWindow.webContents, expected: exp } : null;
    });
    mainWindow = createMainWindow(paths, log);
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(paths, log);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close every port Porthole opened before the process goes away.
  let engineState: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (engineState === 'closed') return;
    event.preventDefault();
    if (engineState === 'closing') return;
    engineState = 'closing';
    engine
      .close()
      .catch((error: unknown) => log('Porthole: closing the engine failed:', error))
      .finally(() => {
        engineState = 'closed';
        app.quit();
      });
  });
}
