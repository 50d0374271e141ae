// The only place that touches ipcMain. One handler per contract command, every one behind the
// same guard: sender check, then dispatchCommand (name, schema, envelope). Nothing is thrown
// back across IPC; refusals are FORBIDDEN envelopes.

import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  COMMAND_NAMES,
  dispatchCommand,
  ipcCommandChannel,
  type HostHandlers,
} from '../../../shared/contract';
import { appError, fail } from '../../../shared/errors';
import type { Engine } from '../../../engine';
import { isTrustedSender, type ExpectedSender, type SenderInfo } from './is-trusted-sender';

export type Log = (message: string, error?: unknown) => void;

function senderInfo(event: IpcMainInvokeEvent): SenderInfo | null {
  const frame = event.senderFrame;
  // Null when the frame navigated away or was destroyed since it sent the message.
  if (!frame) return null;
  const top = event.sender.mainFrame;
  return {
    frameUrl: frame.url,
    isMainFrame:
      frame.parent === null &&
      frame.processId === top.processId &&
      frame.routingId === top.routingId,
    webContentsId: event.sender.id,
  };
}

/** Registers every command; returns the function that removes them again. */
export function registerCommands(
  engine: Engine,
  host: HostHandlers,
  expected: () => ExpectedSender | null,
  log: Log,
): () => void {
  const handlers = { ...engine.handlers, ...host };
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(ipcCommandChannel(name), async (event, args: unknown) => {
      const sender = senderInfo(event);
      if (!isTrustedSender(sender, expected())) {
        log(`Porthole: refused ${name} from an untrusted frame (${sender?.frameUrl ?? 'gone'}).`);
        return fail(appError('FORBIDDEN', { detail: 'this page may not control Porthole' }));
      }
      return dispatchCommand(handlers, name, args, (error) =>
        log(`Porthole: command ${name} failed inside the engine:`, error),
      );
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(ipcCommandChannel(name));
  };
}
