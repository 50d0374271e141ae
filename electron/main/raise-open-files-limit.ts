// Every connection Porthole holds is a file descriptor, and desktop sessions often start apps with
// a soft limit of 1,024 under a far higher hard limit. Plain Node raises the soft limit to the
// hard one before any script runs (so browser mode has it already), but that step belongs to
// Node's own start-up, which embedders such as Electron may skip, so the desktop app asks for it
// explicitly. The hard limit is the ceiling: an
// unprivileged process may raise its soft limit up to it, never past it.

/** Node's own ceiling for the same step (it probes up to 2^20 when the hard limit is unlimited). */
const WANTED_DESCRIPTORS = 1 << 20;

export function raiseOpenFilesLimit(log: (message: string, error?: unknown) => void): void {
  if (process.platform !== 'linux' && process.platform !== 'darwin') return;
  try {
    process.setFdLimit(WANTED_DESCRIPTORS);
  } catch (error) {
    // Not fatal: the "out of file descriptors" warning on a port still says how to raise it.
    log('Could not raise the open files limit', error);
  }
}
