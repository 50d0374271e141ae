// How many files this process may hold open, for the "out of file descriptors" message. Node has
// no getrlimit; Linux publishes the limits in /proc. Elsewhere the message goes without a figure.

import { readFileSync } from 'node:fs';

let cached: number | null | undefined;

/** The soft "Max open files" limit of this process, or null where it cannot be read. */
export function openFilesLimit(): number | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.platform !== 'linux') return cached;
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft !== undefined && /^\d+$/.test(soft)) cached = Number(soft);
  } catch {
    // No /proc (a restricted container): leave the figure out.
  }
  return cached;
}

/**
 * True when `socket` took the last file descriptor this process may hold. POSIX hands out the
 * lowest free descriptor, so a socket numbered limit - 1 means every slot below it is taken.
 * This is the only warning Porthole gets: once the table is full, libuv accepts each further
 * client and closes it at once (its "EMFILE trick", which keeps the listen queue from stalling)
 * without telling the server, so those clients would otherwise vanish without a trace.
 */
export function tookLastDescriptor(socket: object): boolean {
  const limit = openFilesLimit();
  if (limit === null) return false;
  // The handle's descriptor number: not a documented property, so read defensively.
  const fd = (socket as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= limit - 1;
}
