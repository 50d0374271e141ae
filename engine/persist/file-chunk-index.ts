// Where one connection's captured bytes are in the running capture's file, per direction:
// stream offset, length, file position and checksum of every chunk record, in typed arrays
// (32 bytes a record, no object per read). With it, memory can let go of a connection's bytes
// once they are in the file, and read them back by range when a view asks.

import type { ChunkRef } from './capture-reader';

const STRIDE = 4;

class DirectionIndex {
  private nums = new Float64Array(0);
  count = 0;
  /** Bytes indexed: the stream offset the next chunk must start at to keep the index whole. */
  end = 0;
  /** False once a chunk did not follow on from the one before (bytes lost on the way). */
  whole = true;
  /** Where the furthest record ends in the file. */
  fileEnd = 0;

  push(offset: number, length: number, filePosition: number, check: number): void {
    if (offset !== this.end) this.whole = false;
    if (this.count * STRIDE === this.nums.length) {
      const grown = new Float64Array(Math.max(4 * STRIDE, this.nums.length * 2));
      grown.set(this.nums);
      this.nums = grown;
    }
    const base = this.count++ * STRIDE;
    this.nums[base] = offset;
    this.nums[base + 1] = length;
    this.nums[base + 2] = filePosition;
    this.nums[base + 3] = check;
    this.end = offset + length;
    this.fileEnd = Math.max(this.fileEnd, filePosition + length);
  }

  ref(i: number, connectionId: number, direction: 0 | 1): ChunkRef {
    const base = i * STRIDE;
    return {
      connectionId,
      direction,
      at: 0,
      offset: this.nums[base] ?? 0,
      length: this.nums[base + 1] ?? 0,
      filePosition: this.nums[base + 2] ?? 0,
      check: this.nums[base + 3] ?? 0,
    };
  }

  /** Index of the record holding `offset`, or of the first one after it. */
  find(offset: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const base = mid * STRIDE;
      if ((this.nums[base] ?? 0) + (this.nums[base + 1] ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  compact(): void {
    this.nums = this.nums.slice(0, this.count * STRIDE);
  }
}

export class FileChunkIndex {
  private readonly dirs = [new DirectionIndex(), new DirectionIndex()] as const;

  constructor(readonly connectionId: number) {}

  push(direction: 0 | 1, offset: number, length: number, filePosition: number, check: number) {
    this.dirs[direction].push(offset, length, filePosition, check);
  }

  /** Whether the file holds exactly the first `captured` bytes of each direction, in order. */
  covers(captured: readonly [number, number]): boolean {
    return this.dirs.every((d, i) => d.whole && d.end === captured[i]);
  }

  /** Where the last of these bytes ends in the file: they are readable once written past it. */
  get fileEnd(): number {
    return Math.max(this.dirs[0].fileEnd, this.dirs[1].fileEnd);
  }

  /** The records covering [offset, offset + length) of one direction, in stream order. */
  refs(direction: 0 | 1, offset: number, length: number): ChunkRef[] {
    const d = this.dirs[direction];
    const out: ChunkRef[] = [];
    for (let i = d.find(offset); i < d.count; i++) {
      const ref = d.ref(i, this.connectionId, direction);
      if (ref.offset >= offset + length) break;
      out.push(ref);
    }
    return out;
  }

  bytes(direction: 0 | 1): number {
    return this.dirs[direction].end;
  }

  compact(): void {
    for (const d of this.dirs) d.compact();
  }
}
