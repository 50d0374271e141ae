// Who may call the engine over IPC: only the top frame of Porthole's own window, showing
// Porthole's own page. Pure (no electron import) so node tests can prove it refuses strangers.

import { isAppIndex } from '../app-file';

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  readonly frameUrl: string;
  /** True only for the top-level frame of its WebContents. */
  readonly isMainFrame: boolean;
  readonly webContentsId: number;
}

export interface ExpectedSender {
  /** The main window's WebContents id. */
  readonly webContentsId: number;
}

export function isTrustedSender(
  sender: SenderInfo | null,
  expected: ExpectedSender | null,
): boolean {
  if (!sender || !expected) return false;
  if (!sender.isMainFrame) return false;
  if (sender.webContentsId !== expected.webContentsId) return false;
  // The app's own page on its own protocol (porthole://app/index.html), nothing else.
  return isAppIndex(sender.frameUrl);
}
