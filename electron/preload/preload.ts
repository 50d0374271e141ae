// The bridge between the sandboxed page and the main process, built from the contract so no
// channel is written by hand. The page gets named functions only: no ipcRenderer, no Electron
// event objects. Bundled to one CommonJS file (sandboxed preloads cannot load modules).

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  COMMAND_NAMES,
  IPC_BATCH_CHANNEL,
  IPC_MENU_CHANNEL,
  ipcCommandChannel,
  type BatchListener,
  type CommandName,
  type PortholeApi,
  type Result,
} from '../../shared/contract';
import { appError, fail } from '../../shared/errors';
import type { EventBatch } from '../../shared/model';

function invoker(name: CommandName) {
  const channel = ipcCommandChannel(name);
  // Main answers with envelopes; a rejected invoke means the IPC link itself failed.
  return (args: unknown): Promise<Result<unknown>> =>
    (ipcRenderer.invoke(channel, args) as Promise<Result<unknown>>).catch(() =>
      fail(appError('TRANSPORT_CLOSED')),
    );
}

function onBatch(listener: BatchListener): () => void {
  const handler = (_event: IpcRendererEvent, batch: EventBatch): void => listener(batch);
  ipcRenderer.on(IPC_BATCH_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(IPC_BATCH_CHANNEL, handler);
  };
}

/** The native menu's items, as shortcut ids (strings only: the page checks them). */
function onMenuCommand(listener: (command: string) => void): () => void {
  const handler = (_event: IpcRendererEvent, command: unknown): void => {
    if (typeof command === 'string') listener(command);
  };
  ipcRenderer.on(IPC_MENU_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(IPC_MENU_CHANNEL, handler);
  };
}

/** The path stays here, in the preload's world; the page only hands over the File it got. */
function importDroppedFile(file: unknown): Promise<Result<unknown>> {
  const path = pathOf(file);
  if (path === '') {
    const detail = 'only files from this computer can be dropped here';
    return Promise.resolve(fail(appError('IMPORT_INVALID', { detail })));
  }
  return invoker('importCapture')({ source: 'path', path });
}

function pathOf(file: unknown): string {
  try {
    return file instanceof File ? webUtils.getPathForFile(file) : '';
  } catch {
    return '';
  }
}

const api = {
  ...Object.fromEntries(COMMAND_NAMES.map((name) => [name, invoker(name)])),
  onBatch,
  importDroppedFile,
  onMenuCommand,
} as unknown as PortholeApi;

contextBridge.exposeInMainWorld('porthole', api);
