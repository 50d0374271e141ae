// Engine batches to the window: one IPC message per batch, and only to Porthole's own page.

import type { WebContents } from 'electron';
import { IPC_BATCH_CHANNEL } from '../../../shared/contract';
import type { Engine } from '../../../engine';
import { isTrustedSender, type ExpectedSender } from './is-trusted-sender';

export interface BatchTarget {
  readonly webContents: WebContents;
  readonly expected: ExpectedSender;
}

/** Returns the unsubscribe function. */
export function forwardBatches(engine: Engine, target: () => BatchTarget | null): () => void {
  return engine.onBatch((batch) => {
    const current = target();
    if (!current || current.webContents.isDestroyed()) return;
    const { webContents, expected } = current;
    // Navigation is blocked, but if the page were ever anything else it gets no traffic.
    const page = {
      frameUrl: webContents.getURL(),
      isMainFrame: true,
      webContentsId: webContents.id,
    };
    if (!isTrustedSender(page, expected)) return;
    webContents.send(IPC_BATCH_CHANNEL, batch);
  });
}
