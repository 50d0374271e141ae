// The file a capture is written to: created new (never over an existing one), readable by its
// owner only, written at explicit positions. Tests put a failing file in its place.

import { open } from 'node:fs/promises';

export interface CaptureFile {
  /** Write `buffers` one after the other at `position`; rejects with the OS error. */
  write(buffers: readonly Buffer[], position: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Mode 0600: a capture holds whatever clients sent, secrets included. */
export async function createCaptureFile(path: string): Promise<CaptureFile> {
  const handle = await open(path, 'wx', 0o600);
  return {
    async write(buffers, position) {
      let at = position;
      let rest = [...buffers];
      // writev may write less than asked (a signal, a full pipe); carry on from there.
      while (rest.length > 0) {
        const { bytesWritten } = await handle.writev(rest, at);
        if (bytesWritten === 0)
          throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        at += bytesWritten;
        rest = dropWritten(rest, bytesWritten);
      }
    },
    sync: () => handle.datasync(),
    close: () => handle.close(),
  };
}

function dropWritten(buffers: readonly Buffer[], written: number): Buffer[] {
  const rest: Buffer[] = [];
  let skip = written;
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}
