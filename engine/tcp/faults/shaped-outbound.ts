// The faults path: an ordered queue that delays, throttles, splits and cuts what is sent.
// One piece is in flight at a time, so the order of writes is always kept.

import type { Socket } from 'node:net';
import {
  OUTBOUND_HIGH_WATER,
  type Outbound,
  type OutboundOptions,
  type OutboundSink,
} from './outbound';
import type { ResetBudget } from './reset-budget';
import { TokenBucket } from './token-bucket';

interface Pending {
  readonly bytes: Uint8Array;
  /** How much of it has gone already (when split or throttled). */
  sent: number;
  /** performance.now() before which it may not go (the delay fault). */
  readonly readyAt: number;
}

/** What the pump is waiting for before it may send again. */
type Wait = 'nothing' | 'timer' | 'piece' | 'drain' | 'reset';

export class ShapedOutbound implements Outbound {
  private readonly socket: Socket;
  private readonly sink: OutboundSink;
  private readonly budget: ResetBudget | null;
  private readonly onResetLine: () => void;
  private readonly delayMs: number;
  private readonly splitBytes: number | null;
  private readonly bucket: TokenBucket | null;
  private readonly queue: Pending[] = [];
  private queuedBytes = 0;
  private wait: Wait = 'nothing';
  private timer: NodeJS.Timeout | null = null;
  private ending = false;
  private endSent = false;
  private discarded = false;
  private drainWaiters: (() => void)[] = [];
  private flushWaiters: (() => void)[] = [];

  constructor(options: OutboundOptions) {
    this.socket = options.socket;
    this.sink = options.sink;
    this.budget = options.budget;
    this.onResetLine = options.onResetLine ?? (() => undefined);
    this.delayMs = options.faults.delayMs;
    this.splitBytes = options.faults.splitBytes;
    const bps = options.faults.bytesPerSecond;
    this.bucket = bps === null ? null : new TokenBucket(bps, performance.now());
    this.socket.on('drain', this.onSocketDrain);
  }

  write(lent: Uint8Array, done?: () => void): boolean {
    // Delayed and throttled bytes wait here for as long as the fault says: a lent buffer is
    // copied and given back at once rather than held that long.
    const bytes = done === undefined || this.ending || this.discarded ? lent : Buffer.from(lent);
    done?.();
    if (this.ending || this.discarded) return true;
    if (bytes.byteLength > 0) {
      const readyAt = this.delayMs > 0 ? performance.now() + this.delayMs : 0;
      this.queue.push({ bytes, sent: 0, readyAt });
      this.queuedBytes += bytes.byteLength;
      if (this.wait === 'nothing') this.pump();
    }
    return !this.full();
  }

  onceDrained(callback: () => void): void {
    if (this.discarded || !this.full()) callback();
    else this.drainWaiters.push(callback);
  }

  whenFlushed(callback: () => void): void {
    if (this.discarded || this.queue.length === 0) callback();
    else this.flushWaiters.push(callback);
  }

  end(): void {
    if (this.ending || this.discarded) return;
    this.ending = true;
    if (this.queue.length === 0 && this.wait === 'nothing') this.endSocket();
  }

  discard(): void {
    if (this.discarded) return;
    this.discarded = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.drainWaiters = [];
    this.flushWaiters = [];
    this.socket.removeListener('drain', this.onSocketDrain);
  }

  private full(): boolean {
    return this.queuedBytes + this.socket.writableLength >= OUTBOUND_HIGH_WATER;
  }

  /** Send what may go now; stop at the first thing that must wait. */
  private readonly pump = (): void => {
    this.wait = 'nothing';
    this.timer = null;
    while (!this.discarded && !this.socket.destroyed) {
      const head = this.queue[0];
      if (head === undefined) {
        this.idle();
        return;
      }
      const at = performance.now();
      let want = head.bytes.byteLength - head.sent;
      if (this.splitBytes !== null && want > this.splitBytes) want = this.splitBytes;
      let delay = head.readyAt - at;
      if (this.bucket !== null) delay = Math.max(delay, this.bucket.waitFor(want, at));
      if (delay > 0) {
        // Timers may fire a little early against performance.now(); the loop checks again.
        this.wait = 'timer';
        this.timer = setTimeout(this.pump, Math.ceil(delay));
        return;
      }
      if (this.bucket !== null) want = this.bucket.take(want, at);
      if (this.budget !== null) want = this.budget.take(want);
      const piece = head.bytes.subarray(head.sent, head.sent + want);
      head.sent += want;
      this.queuedBytes -= want;
      if (head.sent === head.bytes.byteLength) this.queue.shift();
      this.wait = this.sendPiece(piece);
      if (this.wait !== 'nothing') return;
      this.notifyDrained();
    }
  };

  /** Hand one piece to the socket; says what to wait for before the next one. */
  private sendPiece(piece: Uint8Array): Wait {
    const atLine = this.budget?.reached === true;
    if (piece.byteLength === 0) {
      if (atLine) this.onResetLine();
      return atLine ? 'reset' : 'nothing';
    }
    this.sink.sent(piece);
    if (atLine) {
      // The cut piece must reach the kernel before the RST, or the reset would discard it.
      this.socket.write(piece, () => this.onResetLine());
      return 'reset';
    }
    if (this.splitBytes !== null) {
      // Each piece its own write, and a turn of the event loop between pieces so the peer gets
      // to read them one by one rather than as one coalesced read.
      this.socket.write(piece, this.afterPiece);
      return 'piece';
    }
    return this.socket.write(piece) ? 'nothing' : 'drain';
  }

  private readonly afterPiece = (): void => {
    setImmediate(this.pump);
  };

  private readonly onSocketDrain = (): void => {
    if (this.wait === 'drain') this.pump();
    else this.notifyDrained();
  };

  private idle(): void {
    this.notifyDrained();
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const waiter of waiters) waiter();
    if (this.ending) this.endSocket();
  }

  private endSocket(): void {
    if (this.endSent) return;
    this.endSent = true;
    if (!this.socket.destroyed) this.socket.end();
  }

  private notifyDrained(): void {
    if (this.drainWaiters.length === 0 || this.full()) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
