// One direction of both connections, in two steps. First, where they part: both sides' pieces
// are walked in step and compared where they lie (memcmp on the byte log's own blocks, GB/s, no
// copy), so the first difference is known in milliseconds however far in it is. Then each side
// is copied into shared memory the worker thread has already faulted in (fresh memory costs a
// page fault per 4 KiB, a few milliseconds per MiB here: most of what a copy costs, and none of
// it on this thread). The event loop gets a turn every few MiB: capture goes on meanwhile.

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

/** Bytes compared between two turns of the event loop (memcmp: a few milliseconds). */
const COMPARE_TURN = 8 * 1024 * 1024;
/** Bytes copied between two turns (into memory already faulted in: a few milliseconds). */
const COPY_TURN = 2 * 1024 * 1024;

type Stopped = () => boolean;

/** One side's pieces, read as far as asked: `peek` shows what is next, `skip` moves past it. */
class Cursor {
  private piece: Buffer = Buffer.alloc(0);
  private readonly source: AsyncGenerator<Result<Buffer>>;

  constructor(source: ByteSource, direction: Direction, offset: number) {
    this.source = source.pieces(direction, offset);
  }

  /** The next bytes (a view, of any length); empty at the end; an error from the file. */
  async peek(): Promise<Result<Buffer>> {
    if (this.piece.length === 0) {
      const next = await this.source.next();
      if (next.done === true) return ok(this.piece);
      if (!next.value.ok) return next.value;
      this.piece = next.value.value;
    }
    return ok(this.piece);
  }

  skip(n: number): void {
    this.piece = this.piece.subarray(n);
  }

  close(): void {
    void this.source.return(undefined);
  }
}

/** Bytes of one side's direction that are compared. */
export const lengthOf = (source: ByteSource, direction: Direction) =>
  Math.min(source.info[direction].captured, MAX_COMPARE_BYTES);

/** Where the two first differ (the shorter length if one is a prefix), null if identical. */
async function partAt(
  sources: readonly [ByteSource, ByteSource],
  direction: Direction,
  stopped: Stopped,
): Promise<Result<number | null> | null> {
  const [lengthA, lengthB] = sources.map((s) => lengthOf(s, direction)) as [number, number];
  const end = Math.min(lengthA, lengthB);
  const a = new Cursor(sources[0], direction, 0);
  const b = new Cursor(sources[1], direction, 0);
  try {
    let at = 0;
    let sinceTurn = 0;
    while (at < end) {
      const x = await a.peek();
      if (!x.ok) return x;
      const y = await b.peek();
      if (!y.ok) return y;
      const n = Math.min(x.value.length, y.value.length, end - at);
      // A side that ends early (a gap in its file) parts from the other where it ends.
      if (n === 0) return ok(at);
      const differs = firstMismatch(x.value, y.value, 0, n);
      if (differs !== null) return ok(at + differs);
      a.skip(n);
      b.skip(n);
      at += n;
      sinceTurn += n;
      if (sinceTurn >= COMPARE_TURN) {
        sinceTurn = 0;
        await nextTurn();
        if (stopped()) return null;
      }
    }
    return ok(lengthA === lengthB ? null : end);
  } finally {
    a.close();
    b.close();
  }
}

/** Bytes [start, end) of one side, copied (small: the context around the first difference). */
async function range(
  source: ByteSource,
  direction: Direction,
  start: number,
  end: number,
): Promise<Result<Buffer>> {
  const cursor = new Cursor(source, direction, start);
  const parts: Buffer[] = [];
  try {
    for (let at = start; at < end;) {
      const part = await cursor.peek();
      if (!part.ok) return part;
      if (part.value.length === 0) break;
      const take = part.value.subarray(0, end - at);
      parts.push(take);
      cursor.skip(take.length);
      at += take.length;
    }
    return ok(Buffer.concat(parts));
  } finally {
    cursor.close();
  }
}

async function firstOf(
  sources: readonly [ByteSource, ByteSource],
  direction: Direction,
  offset: number,
): Promise<Result<CompareFirst>> {
  const start = Math.max(0, offset - FIRST_CONTEXT_BYTES);
  const end = offset + FIRST_CONTEXT_BYTES;
  const a = await range(
    sources[0],
    direction,
    start,
    Math.min(end, lengthOf(sources[0], direction)),
  );
  if (!a.ok) return a;
  const b = await range(
    sources[1],
    direction,
    start,
    Math.min(end, lengthOf(sources[1], direction)),
  );
  if (!b.ok) return b;
  return ok({ offset, start, a: a.value.toString('base64'), b: b.value.toString('base64') });
}

/** Copies one side (up to `target`'s length) into `target`; how many bytes there were. */
export async function copySide(
  source: ByteSource,
  direction: Direction,
  target: Uint8Array,
  stopped: Stopped,
): Promise<Result<number> | null> {
  const into = Buffer.from(target.buffer, target.byteOffset, target.length);
  const cursor = new Cursor(source, direction, 0);
  try {
    let at = 0;
    let sinceTurn = 0;
    while (at < into.length) {
      const part = await cursor.peek();
      if (!part.ok) return part;
      if (part.value.length === 0) break;
      const n = part.value.copy(into, at, 0, Math.min(part.value.length, into.length - at));
      cursor.skip(n);
      at += n;
      sinceTurn += n;
      if (sinceTurn >= COPY_TURN) {
        sinceTurn = 0;
        await nextTurn();
        if (stopped()) return null;
      }
    }
    return ok(at);
  } finally {
    cursor.close();
  }
}

/** Where the two first differ and the bytes around it (null: identical); null once stopped. */
export async function findFirst(
  sources: readonly [ByteSource, ByteSource],
  direction: Direction,
  stopped: Stopped,
): Promise<Result<CompareFirst | null> | null> {
  const parted = await partAt(sources, direction, stopped);
  if (parted === null || !parted.ok) return parted;
  return parted.value === null ? ok(null) : firstOf(sources, direction, parted.value);
}
