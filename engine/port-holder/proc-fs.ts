// The few /proc reads the Linux lookups make, behind an interface so their logic can be tested
// on a made-up process table (hidden owners, exited clients) that a test machine cannot produce.

import { readFile, readdir, readlink } from 'node:fs/promises';

export interface ProcFs {
  /** The file's text, or null when it cannot be read (no IPv6 in the kernel, process exited). */
  readText(path: string): Promise<string | null>;
  /** Directory entries; rejects with the errno (EACCES for another user's /proc/PID/fd). */
  readDir(path: string): Promise<string[]>;
  /** A symlink's target; rejects when it cannot be read (the fd was closed meanwhile). */
  readLink(path: string): Promise<string>;
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
