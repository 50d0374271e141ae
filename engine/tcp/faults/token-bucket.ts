// The throttle fault: a token bucket in bytes. It holds at most 50 ms worth of bytes, so a
// throttled stream starts with a small burst, not a full second's worth, and then sends in
// small pieces spaced out evenly — what a slow link looks like to the client.

const BURST_MS = 50;

export class TokenBucket {
  private tokens: number;
  private last: number;
  readonly capacity: number;

  constructor(
    private readonly bytesPerSecond: number,
    at: number,
  ) {
    this.capacity = Math.max(1, Math.floor((bytesPerSecond * BURST_MS) / 1000));
    this.tokens = this.capacity;
    this.last = at;
  }

  /**
   * Milliseconds to wait before `wanted` bytes (at most one bucketful) may go, or 0 when they
   * may go now.
   */
  waitFor(wanted: number, at: number): number {
    this.refill(at);
    const need = Math.min(wanted, this.capacity);
    return this.tokens >= need ? 0 : ((need - this.tokens) * 1000) / this.bytesPerSecond;
  }

  /** How many of `wanted` bytes may go now; they are taken from the bucket. */
  take(wanted: number, at: number): number {
    this.refill(at);
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }

  private refill(at: number): void {
    const elapsed = at - this.last;
    this.last = at;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.bytesPerSecond) / 1000);
    }
  }
}
