// Resynchronisation for byte diffs. When a bounded Myers search finds no equal run of any length
// near either corner, the two regions look unrelated there (random, compressed or encrypted
// bytes), and splitting at its furthest point would only pair up bytes that match by chance.
// Instead, look for the nearest 32-byte block both sides share, the way rsync and FastCDC find
// common content: a gear hash over the last 32 bytes and a map of one side's blocks by hash.
// Everything before that block is one change; the rest is diffed again.
// The first 16 KiB of each side are searched for every shared block; past that, windows growing
// fourfold look only at anchors, blocks whose hash has its top 8 bits zero (the same content
// anchors at the same place on both sides, about every 256 bytes), so the cost follows the
// distance to the next common block and two wholly different inputs cost one linear pass. A
// shared run far away and shorter than a few hundred bytes may be missed: the result is then
// approximate, never wrong.

import type { Fallback, Region } from './diff-engine';
import type { Meter } from './middle-snake';
import type { ByteSequences } from './sequences';

const BLOCK = 32;
/** Every block is an anchor in the first window; then blocks whose hash's top 8 bits are 0. */
const DENSE_WINDOW = 16 * 1024;
const SPARSE = 0xff000000 | 0;
const FIRST_SPARSE_WINDOW = 64 * 1024;

/** Deterministic random 32-bit values per byte (splitmix32): the same anchors in every run. */
const GEAR = (() => {
  const table = new Int32Array(256);
  let seed = 0x9e3779b9;
  for (let i = 0; i < 256; i++) {
    seed = (seed + 0x9e3779b9) | 0;
    let z = seed;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    table[i] = z ^ (z >>> 16);
  }
  return table;
})();

/**
 * Anchors of one side from `start` on, found as far as asked: each wider window continues the
 * rolling hash where the last one stopped, so the bytes are hashed once however many windows.
 */
class AnchorScan {
  readonly positions: number[] = [];
  readonly hashes: number[] = [];
  private readonly bytes: Uint8Array;
  private readonly full: number;
  private readonly mask: number;
  private at: number;
  private hash = 0;

  /** `mask`: the hash bits that must be zero at an anchor (0: every block is one). */
  constructor(bytes: Uint8Array, start: number, mask: number) {
    this.bytes = bytes;
    this.at = start;
    this.full = start + BLOCK - 1;
    this.mask = mask;
  }

  /** Hashes up to `end`; anchors found are appended. `position` is a block's last byte. */
  extend(end: number): void {
    const { bytes, full, mask } = this;
    const gear = GEAR;
    let h = this.hash;
    for (let i = this.at; i < end; i++) {
      // Shifting one bit per byte drops a byte's value after 32 steps: a rolling hash for free.
      h = ((h << 1) + (gear[bytes[i] as number] as number)) | 0;
      if ((h & mask) === 0 && i >= full) {
        this.positions.push(i);
        this.hashes.push(h);
      }
    }
    this.hash = h;
    this.at = Math.max(this.at, end);
  }
}

/** The shared block nearest (x0, y0), least x + y distance, among the anchors up to the ends. */
class BlockSearch {
  private readonly scanA: AnchorScan;
  private readonly scanB: AnchorScan;
  /** B's anchors by hash, first occurrence only (the nearest is the one wanted). */
  private readonly firstAt = new Map<number, number>();
  private readonly seq: ByteSequences;
  private readonly x0: number;
  private readonly y0: number;
  private indexed = 0;

  constructor(seq: ByteSequences, x0: number, y0: number, mask: number) {
    this.seq = seq;
    this.x0 = x0;
    this.y0 = y0;
    this.scanA = new AnchorScan(seq.a.bytes, x0, mask);
    this.scanB = new AnchorScan(seq.b.bytes, y0, mask);
  }

  nearest(xEnd: number, yEnd: number): { x: number; y: number } | null {
    const { scanA, scanB, firstAt, seq, x0, y0 } = this;
    scanA.extend(xEnd);
    scanB.extend(yEnd);
    for (; this.indexed < scanB.positions.length; this.indexed++) {
      const hash = scanB.hashes[this.indexed] ?? 0;
      if (!firstAt.has(hash)) firstAt.set(hash, scanB.positions[this.indexed] ?? 0);
    }
    let best: { x: number; y: number } | null = null;
    let bestCost = Infinity;
    for (let i = 0; i < scanA.positions.length; i++) {
      const position = scanA.positions[i] ?? 0;
      if (position - x0 >= bestCost) break;
      const other = firstAt.get(scanA.hashes[i] ?? 0);
      if (other === undefined) continue;
      const cost = position - x0 + (other - y0);
      const x = position - BLOCK + 1;
      const y = other - BLOCK + 1;
      if (cost < bestCost && seq.forward(x, y, BLOCK) === BLOCK) {
        bestCost = cost;
        best = { x, y };
      }
    }
    return best;
  }
}

/** The nearest shared block: every block near the start, then anchors in growing windows. */
function nearestBlock(
  seq: ByteSequences,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  meter: Meter,
): { x: number; y: number } | null {
  const near = new BlockSearch(seq, x0, y0, 0);
  const xNear = Math.min(x1, x0 + DENSE_WINDOW);
  const yNear = Math.min(y1, y0 + DENSE_WINDOW);
  meter.remaining -= xNear - x0 + (yNear - y0);
  const found = near.nearest(xNear, yNear);
  if (found || (xNear === x1 && yNear === y1)) return found;
  const far = new BlockSearch(seq, x0, y0, SPARSE);
  for (let window = FIRST_SPARSE_WINDOW; ; window *= 4) {
    const xEnd = Math.min(x1, x0 + window);
    const yEnd = Math.min(y1, y0 + window);
    meter.remaining -= (xEnd - x0 + (yEnd - y0)) >> 3;
    const best = far.nearest(xEnd, yEnd);
    if (best || (xEnd === x1 && yEnd === y1)) return best;
  }
}

export function resyncFallback(seq: ByteSequences, unrelatedBelow: number): Fallback {
  return (x0, x1, y0, y1, { final, longestRun, meter }) => {
    // Related regions are better split by the search; a spent meter leaves one replace.
    if (final || longestRun >= unrelatedBelow) return null;
    const found = nearestBlock(seq, x0, x1, y0, y1, meter);
    if (!found) return [{ x0, x1, y0, y1, settled: true }];
    // The shared run may start before the block: it belongs to the open part.
    const back = seq.backward(found.x, found.y, Math.min(found.x - x0, found.y - y0));
    const x = found.x - back;
    const y = found.y - back;
    const regions: Region[] = [
      { x0, x1: x, y0, y1: y, settled: true },
      { x0: x, x1, y0: y, y1, settled: false },
    ];
    return regions;
  };
}
