// The processes that were clients lately: a pooled client (a database driver, an HTTP agent, a
// load tester) opens many connections from one process, so its fds are worth reading before
// scanning every process on the machine.

const DEFAULT_CAPACITY = 16;
const DEFAULT_MAX_AGE_MS = 30_000;

export class RecentPids {
  /** pid → when last seen as a client; Map order is least recently seen first. */
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly capacity = DEFAULT_CAPACITY,
    private readonly maxAgeMs = DEFAULT_MAX_AGE_MS,
  ) {}

  /** Most recently seen first, dropping those not seen for maxAgeMs. */
  list(now: number): number[] {
    for (const [pid, at] of this.seen) {
      if (now - at > this.maxAgeMs) this.seen.delete(pid);
    }
    return [...this.seen.keys()].reverse();
  }

  touch(pid: number, now: number): void {
    this.seen.delete(pid);
    this.seen.set(pid, now);
    while (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (oldest.done === true) break;
      this.seen.delete(oldest.value);
    }
  }
}
