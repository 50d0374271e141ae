// Chunk records of one connection in growable typed arrays: 33 bytes per record instead of a
// JavaScript object (~100 bytes plus GC work) per socket read.

import type { Chunk, Direction } from '../../shared/model';

/** The records read one field at a time, without a Chunk object each (a replay's plan). */
export interface ChunkRecords {
  readonly length: number;
  directionAt(index: number): 0 | 1;
  timeAt(index: number): number;
  offsetAt(index: number): number;
  lengthAt(index: number): number;
  capturedAt(index: number): number;
}

const INITIAL_CAPACITY = 4;
/** Float64 fields per record: at, offset, length, captured. */
const STRIDE = 4;

export class ChunkTable implements ChunkRecords {
  private dirs = new Uint8Array(0);
  private nums = new Float64Array(0);
  /** Index of the last record of each direction, -1 when none (0 = in, 1 = out). */
  private readonly lastOf = [-1, -1];
  length = 0;

  /** Add a record; returns its index. */
  push(dir: 0 | 1, at: number, offset: number, length: number, captured: number): number {
    if (this.length === this.dirs.length) this.grow();
    const i = this.length++;
    const base = i * STRIDE;
    this.dirs[i] = dir;
    this.nums[base] = at;
    this.nums[base + 1] = offset;
    this.nums[base + 2] = length;
    this.nums[base + 3] = captured;
    this.lastOf[dir] = i;
    return i;
  }

  /** Index of the last record of a direction, or -1. */
  lastIndexOf(dir: 0 | 1): number {
    return this.lastOf[dir] ?? -1;
  }

  /**
   * Fold more bytes into an existing record. Records of one direction are contiguous in stream
   * offsets, so growing the direction's last record keeps every offset exact; only the
   * per-read timing of the folded reads is given up.
   */
  extend(index: number, length: number, captured: number): void {
    const base = index * STRIDE;
    this.nums[base + 2] = (this.nums[base + 2] ?? 0) + length;
    this.nums[base + 3] = (this.nums[base + 3] ?? 0) + captured;
  }

  directionAt(index: number): 0 | 1 {
    return this.dirs[index] === 1 ? 1 : 0;
  }

  timeAt(index: number): number {
    return this.nums[index * STRIDE] ?? 0;
  }

  offsetAt(index: number): number {
    return this.nums[index * STRIDE + 1] ?? 0;
  }

  lengthAt(index: number): number {
    return this.nums[index * STRIDE + 2] ?? 0;
  }

  capturedAt(index: number): number {
    return this.nums[index * STRIDE + 3] ?? 0;
  }

  get(index: number): Chunk | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const base = index * STRIDE;
    const direction: Direction = this.dirs[index] === 1 ? 'out' : 'in';
    return {
      index,
      direction,
      at: this.nums[base] ?? 0,
      offset: this.nums[base + 1] ?? 0,
      length: this.nums[base + 2] ?? 0,
      captured: this.nums[base + 3] ?? 0,
    };
  }

  /** Records [from, from + count), clipped to what exists. */
  page(from: number, count: number): Chunk[] {
    const end = Math.min(this.length, from + count);
    const out: Chunk[] = [];
    for (let i = from; i < end; i++) {
      const chunk = this.get(i);
      if (chunk !== undefined) out.push(chunk);
    }
    return out;
  }

  /** Drop spare capacity once no more records will come (the connection closed). */
  compact(): void {
    if (this.dirs.length === this.length) return;
    this.dirs = this.dirs.slice(0, this.length);
    this.nums = this.nums.slice(0, this.length * STRIDE);
  }

  private grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.dirs.length * 2);
    const dirs = new Uint8Array(capacity);
    dirs.set(this.dirs);
    const nums = new Float64Array(capacity * STRIDE);
    nums.set(this.nums);
    this.dirs = dirs;
    this.nums = nums;
  }
}
