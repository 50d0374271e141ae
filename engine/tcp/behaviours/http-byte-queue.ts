// The unparsed bytes of one HTTP connection. Reads arrive split anywhere, so lines are found
// across chunk boundaries without concatenating on every read: a request head fed one byte at a
// time stays linear, not quadratic. Bodies are skipped in place and never copied.

const LF = 0x0a;
const CR = 0x0d;

/** A line read from the queue: its text (latin1, one char per byte) and its size on the wire. */
export interface QueueLine {
  readonly text: string;
  /** Bytes consumed, terminator included. */
  readonly size: number;
}

export const LINE_TOO_LONG = 'line-too-long';

export class ByteQueue {
  private chunks: Buffer[] = [];
  /** Index of the first chunk with unconsumed bytes, and how much of it is consumed. */
  private first = 0;
  private offset = 0;
  private size = 0;
  /** Where the last LF search stopped, so the next one does not rescan what it already saw. */
  private scanChunk = 0;
  private scanOffset = 0;
  private scanned = 0;

  get length(): number {
    return this.size;
  }

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.size += data.length;
  }

  /**
   * The next line, ended by LF (a CR before it is dropped; any other CR stays in the text for the
   * caller to reject). Null while no LF is buffered; LINE_TOO_LONG once more than `max` bytes
   * (terminator included) would be needed, so a peer cannot make us buffer an endless line.
   */
  readLine(max: number): QueueLine | null | typeof LINE_TOO_LONG {
    while (this.scanChunk < this.chunks.length) {
      const chunk = this.chunks[this.scanChunk] as Buffer;
      const at = chunk.indexOf(LF, this.scanOffset);
      if (at === -1) {
        this.scanned += chunk.length - this.scanOffset;
        this.scanChunk++;
        this.scanOffset = 0;
        if (this.scanned >= max) return LINE_TOO_LONG;
        continue;
      }
      const size = this.scanned + (at - this.scanOffset) + 1;
      if (size > max) return LINE_TOO_LONG;
      const raw = this.take(size);
      const end = raw.length >= 2 && raw[raw.length - 2] === CR ? raw.length - 2 : raw.length - 1;
      return { text: raw.toString('latin1', 0, end), size };
    }
    return this.scanned >= max ? LINE_TOO_LONG : null;
  }

  /** Discard up to `count` bytes without copying them; returns how many were discarded. */
  skip(count: number): number {
    let left = Math.min(count, this.size);
    const skipped = left;
    while (left > 0) {
      const chunk = this.chunks[this.first] as Buffer;
      const available = chunk.length - this.offset;
      if (left < available) {
        this.offset += left;
        left = 0;
      } else {
        left -= available;
        this.first++;
        this.offset = 0;
      }
    }
    this.size -= skipped;
    this.consumed();
    return skipped;
  }

  /** Drop everything, e.g. after a parse error: nothing more will be read. */
  clear(): void {
    this.chunks = [];
    this.first = 0;
    this.offset = 0;
    this.size = 0;
    this.consumed();
  }

  /** Remove and return the next `count` bytes (count ≤ length), copying only across chunks. */
  private take(count: number): Buffer {
    const chunk = this.chunks[this.first] as Buffer;
    let out: Buffer;
    if (chunk.length - this.offset >= count) {
      out = chunk.subarray(this.offset, this.offset + count);
    } else {
      out = Buffer.allocUnsafe(count);
      let filled = 0;
      for (let i = this.first; filled < count; i++) {
        const part = this.chunks[i] as Buffer;
        const from = i === this.first ? this.offset : 0;
        filled += part.copy(out, filled, from, Math.min(part.length, from + count - filled));
      }
    }
    this.skip(count);
    return out;
  }

  /** Release consumed chunks and restart the LF search at the new front. */
  private consumed(): void {
    if (this.first === this.chunks.length) {
      this.chunks = [];
      this.first = 0;
      this.offset = 0;
    } else if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
    this.scanChunk = this.first;
    this.scanOffset = this.offset;
    this.scanned = 0;
  }
}
