// One direction of a TCP connection put back in order. Sequence numbers become stream offsets
// from the first sequence number seen (the SYN's, when the handshake was captured);
// retransmitted and overlapping bytes are written once; segments that arrive early wait (within
// a bound) for the ones before them. A segment that never arrives, or a frame cut short by the
// snapshot length, becomes a gap: those bytes count as received but are not in the capture.

/** Early segments kept per direction; past this the oldest hole is given up as a gap. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** The same bound across all connections of an import, so many holes cannot add up. */
const MAX_TOTAL_PENDING_BYTES = 64 * 1024 * 1024;

/** Early bytes held by all streams of one import. */
export interface PendingBudget {
  bytes: number;
}
const TWO_32 = 2 ** 32;

export type Emit = (offset: number, data: Buffer, at: number) => void;

interface Pending {
  readonly offset: number;
  readonly data: Buffer;
  readonly at: number;
  /** Where the segment ends on the wire (beyond data when the frame was cut). */
  readonly end: number;
}

export class TcpStream {
  /** Sequence number of stream offset 0, once known. */
  private base: number | null = null;
  /** The next offset to write: everything before it is written or given up. */
  private next = 0;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  /** The furthest offset anything reached (data, gaps, FIN). */
  private reached = 0;
  captured = 0;
  chunks = 0;

  constructor(
    private readonly emit: Emit,
    private readonly budget: PendingBudget,
  ) {}

  get started(): boolean {
    return this.base !== null;
  }

  /** A SYN: stream offset 0 is the byte after it. Later SYNs (retransmitted) change nothing. */
  syn(seq: number): void {
    this.base ??= (seq + 1) % TWO_32;
  }

  get received(): number {
    return Math.max(this.reached, this.next);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** The stream offset of a sequence number, taken as the one nearest to what is expected. */
  offsetOf(seq: number): number {
    this.base ??= seq;
    const expected = (this.base + this.next) % TWO_32;
    return this.next + ((seq - expected) | 0);
  }

  /** A segment's bytes (`data`, of `length` on the wire) at sequence number `seq`. */
  segment(seq: number, data: Buffer, length: number, at: number): void {
    let offset = this.offsetOf(seq);
    const end = offset + length;
    this.reached = Math.max(this.reached, end);
    let bytes = data;
    if (end <= this.next) return;
    if (offset < this.next) {
      bytes = bytes.subarray(Math.min(bytes.length, this.next - offset));
      offset = this.next;
    }
    if (offset === this.next) {
      this.write(offset, bytes, at, end);
      this.drain();
      return;
    }
    // A bare ACK ahead of a hole says nothing the received count does not already know.
    if (bytes.length === 0) return;
    this.hold({ offset, data: Buffer.from(bytes), at, end });
    while (
      this.pending.length > 0 &&
      (this.pendingBytes > MAX_PENDING_BYTES || this.budget.bytes > MAX_TOTAL_PENDING_BYTES)
    ) {
      this.giveUpHole();
    }
  }

  /** The end of the stream (FIN) at `seq`: what was not seen before it is a gap. */
  finAt(seq: number): void {
    this.reached = Math.max(this.reached, this.offsetOf(seq));
  }

  /** No more packets: every hole left is a gap, and what waited behind it is written. */
  finish(): void {
    while (this.pending.length > 0) this.giveUpHole();
  }

  private write(offset: number, bytes: Buffer, at: number, end: number): void {
    if (bytes.length > 0) {
      this.emit(offset, bytes, at);
      this.captured += bytes.length;
      this.chunks++;
    }
    // A frame cut short leaves the rest of its segment as a gap right away.
    this.next = Math.max(this.next, end);
  }

  private hold(segment: Pending): void {
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.pending[mid]?.offset ?? 0) <= segment.offset) lo = mid + 1;
      else hi = mid;
    }
    this.pending.splice(lo, 0, segment);
    this.pendingBytes += segment.data.length;
    this.budget.bytes += segment.data.length;
  }

  private drain(): void {
    let taken = 0;
    for (const p of this.pending) {
      if (p.offset > this.next) break;
      taken++;
      this.pendingBytes -= p.data.length;
      this.budget.bytes -= p.data.length;
      if (p.offset + p.data.length <= this.next) {
        this.next = Math.max(this.next, p.end);
        continue;
      }
      this.write(this.next, p.data.subarray(this.next - p.offset), p.at, p.end);
    }
    if (taken > 0) this.pending = this.pending.slice(taken);
  }

  private giveUpHole(): void {
    const first = this.pending[0];
    if (first === undefined) return;
    this.next = Math.max(this.next, first.offset);
    this.drain();
  }
}
