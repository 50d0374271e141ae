// The delay fault for one UDP conversation: actions (a reply, a forward) run after the port's
// delay, in the order they were scheduled, even if the delay changes while some are waiting.

/**
 * Bounds on what one conversation may have waiting. A peer flooding a port with a long delay
 * would otherwise hold every datagram in memory until its time comes; beyond the bounds new
 * datagrams are not answered, as a full socket buffer would drop them.
 */
const MAX_PENDING_ACTIONS = 1024;
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

interface Pending {
  readonly due: number;
  readonly bytes: number;
  readonly run: () => void;
}

export class DelayQueue {
  private items: Pending[] = [];
  private head = 0;
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;

  /** Actions waiting to run. */
  get length(): number {
    return this.items.length - this.head;
  }

  /**
   * Run `action` after `delayMs` (at once when there is no delay and nothing waits). `bytes` is
   * what the action holds on to, for the bound. Returns false when the action was dropped.
   */
  schedule(delayMs: number, bytes: number, action: () => void): boolean {
    if (delayMs <= 0 && this.length === 0) {
      action();
      return true;
    }
    if (this.length >= MAX_PENDING_ACTIONS || this.pendingBytes + bytes > MAX_PENDING_BYTES) {
      return false;
    }
    // First in, first out: an action whose (shorter) delay is already over still waits for the
    // ones before it, so a delay that shrinks never reorders what the peer receives.
    this.items.push({ due: performance.now() + delayMs, bytes, run: action });
    this.pendingBytes += bytes;
    if (this.timer === null) this.arm();
    return true;
  }

  /** Drop everything waiting (the conversation closed: nothing more may be sent). */
  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.items = [];
    this.head = 0;
    this.pendingBytes = 0;
  }

  private arm(): void {
    const next = this.items[this.head];
    if (next === undefined) return;
    this.timer = setTimeout(this.fire, Math.max(0, next.due - performance.now()));
  }

  private readonly fire = (): void => {
    this.timer = null;
    const at = performance.now();
    // An action may clear the queue (e.g. "close after reply"), so re-read it every time.
    for (let next = this.items[this.head]; next !== undefined && next.due <= at;) {
      this.head++;
      this.pendingBytes -= next.bytes;
      next.run();
      next = this.items[this.head];
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.timer === null) {
      this.arm();
    }
  };
}
