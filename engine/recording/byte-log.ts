// The captured bytes of one direction of one connection, stored as a list of blocks.
//
// Why blocks: one Buffer per socket read costs an object and an ArrayBuffer header each (hundreds
// of bytes of overhead for a 10-byte read), and one growing Buffer would copy the whole stream on
// every resize. Small reads are copied into a current block that starts small and doubles up to
// 64 KiB, so a short connection costs about what it captured and a long one costs 64 KiB blocks.
// Large reads that own their memory (Node hands each socket read its own exact-size
// ArrayBuffer) are kept as they are: no copy on the hot path. So are large views of bytes that
// never change and that another log already holds (a replay sending recorded bytes records them
// again), as long as the view covers at least half of its memory: a view keeps all of it alive.

const MIN_BLOCK = 256;
const MAX_BLOCK = 64 * 1024;
/** Reads at least this large are kept as-is instead of copied, when they own their memory. */
const KEEP_AS_IS = 16 * 1024;

function nextPowerOfTwo(n: number): number {
  return n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n));
}

function ownsItsMemory(buf: Uint8Array): boolean {
  return buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength;
}

/** Whether `buf` may be kept as it is rather than copied (see the top of this file). */
function keepable(buf: Uint8Array, immutable: boolean): boolean {
  return ownsItsMemory(buf) || (immutable && buf.byteLength * 2 >= buf.buffer.byteLength);
}

export class ByteLog {
  /** Sealed blocks, plus the current block (last) while one is being filled. */
  private readonly blocks: Buffer[] = [];
  /** Stream offset of each block's first byte; parallel to `blocks`. */
  private readonly starts: number[] = [];
  /** Bytes used in the current (last) block, or -1 when the last block is sealed. */
  private used = -1;
  private lastCapacity = 0;
  /** Bytes stored: the captured prefix of this direction's stream. */
  length = 0;

  /**
   * Append the first `count` bytes of `src` (the rest of a read beyond a cap is not stored).
   * `immutable`: nobody will ever change these bytes, so a view of them may be kept.
   */
  append(src: Uint8Array, count: number = src.byteLength, immutable = false): void {
    if (count <= 0) return;
    if (count >= KEEP_AS_IS && count === src.byteLength && keepable(src, immutable)) {
      this.sealCurrent();
      this.starts.push(this.length);
      this.blocks.push(
        Buffer.isBuffer(src) ? src : Buffer.from(src.buffer, src.byteOffset, src.byteLength),
      );
      this.length += count;
      return;
    }
    let copied = 0;
    while (copied < count) {
      let block = this.used >= 0 ? this.blocks[this.blocks.length - 1] : undefined;
      if (block === undefined || this.used === block.length) {
        block = this.newBlock(count - copied);
      }
      const n = Math.min(count - copied, block.length - this.used);
      block.set(src.subarray(copied, copied + n), this.used);
      this.used += n;
      copied += n;
      // Kept current per piece: a new block's start offset is read from it.
      this.length += n;
    }
  }

  /**
   * Bytes [offset, offset + length) clipped to what is stored. A range inside one block is a
   * view (no copy); a range spanning blocks is copied into one Buffer of exactly its size.
   */
  read(offset: number, length: number): Buffer {
    const end = Math.min(offset + length, this.length);
    if (offset >= end) return Buffer.alloc(0);
    let i = this.blockIndex(offset);
    const first = this.blockView(i);
    const firstStart = this.starts[i] ?? 0;
    if (end <= firstStart + first.length) {
      // A whole block (a replay reads recorded reads one by one): itself, not a new view.
      if (offset === firstStart && end - offset === first.length) return first;
      return first.subarray(offset - firstStart, end - firstStart);
    }
    const out = Buffer.allocUnsafe(end - offset);
    let written = 0;
    let pos = offset;
    while (pos < end) {
      const view = this.blockView(i);
      const start = this.starts[i] ?? 0;
      const take = Math.min(end, start + view.length) - pos;
      view.copy(out, written, pos - start, pos - start + take);
      written += take;
      pos += take;
      i++;
    }
    return out;
  }

  /**
   * The stored bytes from `offset` on, block by block, as views (no copy): what a search walks.
   * Each piece carries the stream offset of its first byte.
   */
  *pieces(offset = 0): Generator<{ readonly start: number; readonly bytes: Buffer }> {
    if (offset >= this.length) return;
    for (let i = this.blockIndex(offset); i < this.blocks.length; i++) {
      const view = this.blockView(i);
      const start = this.starts[i] ?? 0;
      const skip = Math.max(0, offset - start);
      if (skip < view.length) yield { start: start + skip, bytes: view.subarray(skip) };
    }
  }

  /** Give back the unused tail of the current block; called when the connection closes. */
  compact(): void {
    this.sealCurrent();
  }

  /** Bytes held in memory, including unused block capacity (for tests and diagnostics). */
  get allocated(): number {
    let total = 0;
    for (const block of this.blocks) total += block.length;
    return total;
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  private newBlock(wanted: number): Buffer {
    this.sealCurrent();
    const size = Math.min(
      MAX_BLOCK,
      Math.max(MIN_BLOCK, this.lastCapacity * 2, nextPowerOfTwo(wanted)),
    );
    // allocUnsafeSlow: a pooled slice would keep the whole shared 8 KiB pool slab alive.
    const block = Buffer.allocUnsafeSlow(size);
    this.lastCapacity = size;
    this.starts.push(this.length);
    this.blocks.push(block);
    this.used = 0;
    return block;
  }

  /** Trim the current block to what it holds, so sealed blocks never carry spare capacity. */
  private sealCurrent(): void {
    if (this.used < 0) return;
    const last = this.blocks.length - 1;
    const block = this.blocks[last];
    if (block !== undefined && this.used < block.length) {
      if (this.used === 0) {
        this.blocks.pop();
        this.starts.pop();
      } else {
        const exact = Buffer.allocUnsafeSlow(this.used);
        block.copy(exact, 0, 0, this.used);
        this.blocks[last] = exact;
      }
    }
    this.used = -1;
  }

  /** The stored bytes of block i (the current block only up to what is used). */
  private blockView(i: number): Buffer {
    const block = this.blocks[i] ?? Buffer.alloc(0);
    return i === this.blocks.length - 1 && this.used >= 0 ? block.subarray(0, this.used) : block;
  }

  /** Binary search: the last block whose start is <= offset. */
  private blockIndex(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
