// Reads one direction of both connections into memory the worker can take over, in step, a
// window at a time, comparing each pair of windows as it arrives: where the two first part is
// known (and reported) long before 2 × 50 MB have been read, and the event loop gets a turn
// between windows, so capture goes on while a comparison loads.

import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  FIRST_CONTEXT_BYTES,
  MAX_COMPARE_BYTES,
  type CompareFirst,
} from '../../shared/compare/compare-page';
import { ok, type Result } from '../../shared/errors';
import type { Direction } from '../../shared/model';
import type { ByteSource } from './byte-source';
import { firstMismatch } from './first-mismatch';

/** Bytes read per side per turn of the event loop. */
const WINDOW = 1024 * 1024;

export interface LoadedDirection {
  /** Each side's bytes, each owning its ArrayBuffer (so it can be transferred, not copied). */
  readonly a: Uint8Array;
  readonly b: Uint8Array;
}

class Side {
  /** allocUnsafeSlow: not from the pool, so its ArrayBuffer is its own and can be transferred. */
  readonly bytes: Buffer;
  filled = 0;
  /** Lowered when a read finds a gap: the side ends there. */
  length: number;

  constructor(
    readonly source: ByteSource,
    direction: Direction,
  ) {
    this.length = Math.min(source.info[direction].captured, MAX_COMPARE_BYTES);
    this.bytes = Buffer.allocUnsafeSlow(this.length);
  }

  /** Reads up to `end`; an error, or null once done (or ended early at a gap). */
  async fill(direction: Direction, end: number): Promise<Result<null>> {
    const to = Math.min(end, this.length);
    while (this.filled < to) {
      const read = await this.source.read(direction, this.filled, to - this.filled);
      if (!read.ok) return read;
      if (read.value.length === 0) {
        this.length = this.filled;
        break;
      }
      read.value.copy(this.bytes, this.filled, 0, Math.min(read.value.length, to - this.filled));
      this.filled += Math.min(read.value.length, to - this.filled);
    }
    return ok(null);
  }

  get view(): Uint8Array {
    return new Uint8Array(this.bytes.buffer, 0, this.length);
  }
}

function excerpt(a: Side, b: Side, offset: number): CompareFirst {
  const start = Math.max(0, offset - FIRST_CONTEXT_BYTES);
  const part = (s: Side) =>
    s.bytes.subarray(start, Math.min(s.length, offset + FIRST_CONTEXT_BYTES)).toString('base64');
  return { offset, start, a: part(a), b: part(b) };
}

/**
 * Loads direction `direction` of both sources. `onFirst` is called once, as soon as the first
 * difference and the bytes around it are in (null: identical). Null when `stopped` said so.
 */
export async function loadDirection(
  sources: readonly [ByteSource, ByteSource],
  direction: Direction,
  onFirst: (first: CompareFirst | null) => void,
  stopped: () => boolean,
): Promise<Result<LoadedDirection> | null> {
  const a = new Side(sources[0], direction);
  const b = new Side(sources[1], direction);
  /** [0, equalUpTo) is the same on both sides. */
  let equalUpTo = 0;
  let parted: number | null = null;
  let reported = false;
  const report = () => {
    if (reported) return;
    const shorter = Math.min(a.length, b.length);
    if (parted === null && equalUpTo === shorter && a.filled >= shorter && b.filled >= shorter) {
      // One side is a prefix of the other (or, once both are read, they are the same).
      if (a.length !== b.length) parted = shorter;
      else if (a.filled === a.length && b.filled === b.length) {
        reported = true;
        onFirst(null);
        return;
      }
    }
    if (parted === null) return;
    const context = parted + FIRST_CONTEXT_BYTES;
    if (a.filled < Math.min(context, a.length) || b.filled < Math.min(context, b.length)) return;
    reported = true;
    onFirst(excerpt(a, b, parted));
  };
  for (let end = WINDOW; ; end += WINDOW) {
    if (stopped()) return null;
    const [readA, readB] = await Promise.all([a.fill(direction, end), b.fill(direction, end)]);
    if (!readA.ok) return readA;
    if (!readB.ok) return readB;
    if (parted === null) {
      const common = Math.min(a.filled, b.filled);
      parted = firstMismatch(a.bytes, b.bytes, equalUpTo, common);
      if (parted === null) equalUpTo = common;
    }
    report();
    if (a.filled >= a.length && b.filled >= b.length) break;
    // A turn for sockets and timers between windows: memory reads never wait by themselves.
    await nextTurn();
  }
  report();
  return ok({ a: a.view, b: b.view });
}
