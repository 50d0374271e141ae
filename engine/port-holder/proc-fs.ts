// The few /proc reads the Linux lookups make, behind an interface so their logic can be tested
// on a made-up process table (hidden owners, exited clients) that a test machine cannot produce.

import { readdirSync, readlinkSync } from 'node:fs';
import { readFile, readdir, readlink } from 'node:fs/promises';

export interface ProcFs {
  /** The file's text, or null when it cannot be read (no IPv6 in the kernel, process exited). */
  readText(path: string): Promise<string | null>;
  /** Directory entries; rejects with the errno (EACCES for another user's /proc/PID/fd). */
  readDir(path: string): Promise<string[]>;
  /** A symlink's target; rejects when it cannot be read (the fd was closed meanwhile). */
  readLink(path: string): Promise<string>;
  /**
   * Several symlinks of one directory at once, '' for each that cannot be read. Optional: scans
   * fall back to readLink per link.
   */
  readLinks?(dir: string, names: readonly string[]): Promise<string[]>;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // Missing file (no IPv6 in the kernel) or a process that exited: nothing to report.
    return null;
  }
}

export const nodeProcFs: ProcFs = {
  readText,
  readDir: (path) => readdir(path),
  readLink: (path) => readlink(path),
};

/** Links one synchronous batch reads: about a millisecond of /proc readlinks. */
export const SYNC_LINK_BATCH = 128;

function readLinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/**
 * /proc read synchronously in small batches, each after a turn of the event loop. For a scan of
 * every process (the machine view), where the thread pool's round trip per readlink costs many
 * times the readlink itself: 2,000 sockets took ~100 ms of CPU one by one against ~30 ms in
 * batches. Each batch blocks the loop for about a millisecond, and I/O runs between batches.
 */
export const batchedProcFs: ProcFs = {
  readText,
  readDir: async (path) => {
    await new Promise((resolve) => setImmediate(resolve));
    return readdirSync(path);
  },
  readLink: (path) => readlink(path),
  readLinks: async (dir, names) => {
    await new Promise((resolve) => setImmediate(resolve));
    return names.map((name) => readLinkOrEmpty(`${dir}/${name}`));
  },
};
