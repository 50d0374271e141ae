// The "reset after N bytes" fault: one count shared by both directions of a client connection.

export class ResetBudget {
  private left: number;

  constructor(limit: number) {
    this.left = limit;
  }

  /** How many of `length` bytes may still pass; those are counted as passed. */
  take(length: number): number {
    const granted = length < this.left ? length : this.left;
    this.left -= granted;
    return granted;
  }

  /** True once exactly the limit has passed: the connection must be reset now. */
  get reached(): boolean {
    return this.left === 0;
  }
}
