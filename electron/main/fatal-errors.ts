// Last-resort error handling for the main process. A bug in one handler should not take down
// the app and every open port with it: log it, tell the user once in a while, keep running.

import { app, dialog } from 'electron';

/** Dialogs at most this often, so a repeating error cannot bury the user in boxes. */
const DIALOG_INTERVAL_MS = 10_000;

export function installFatalErrorHandlers(): void {
  let lastDialog = 0;
  const report = (kind: string, error: unknown): void => {
    console.error(`Porthole: ${kind}:`, error);
    const now = Date.now();
    if (!app.isReady() || now - lastDialog < DIALOG_INTERVAL_MS) return;
    lastDialog = now;
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox(
      'Porthole hit an unexpected error',
      `${message}\n\nPorthole kept running. If something looks wrong, restart it, and please report this.`,
    );
  };
  process.on('uncaughtException', (error) => report('unexpected error', error));
  process.on('unhandledRejection', (reason) => report('unhandled rejection', reason));
}
