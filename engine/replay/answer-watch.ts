// Counts what the target has answered and lets turn-taking wait for the next bytes of it.

export class AnswerWatch {
  total = 0;
  private waiters: ((more: boolean) => void)[] = [];

  add(bytes: number): void {
    this.total += bytes;
    this.wake(true);
  }

  /** True when bytes arrive within `ms`, false when they do not (or the replay ended). */
  next(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== settle);
        resolve(false);
      }, ms);
      const settle = (more: boolean) => {
        clearTimeout(timer);
        resolve(more);
      };
      this.waiters.push(settle);
    });
  }

  close(): void {
    this.wake(false);
  }

  private wake(more: boolean): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (const waiter of waiters) waiter(more);
  }
}
