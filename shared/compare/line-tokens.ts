// Lines of both sides as integer tokens, equal lines sharing one id, so a text diff runs on ints
// rather than strings. Lines are hashed from their bytes (no string is built per line) into an
// open-addressing table of typed arrays (a Map of millions of lines costs several times more),
// and each id keeps where its first line lies, to tell apart lines whose hashes collide. A line
// includes its '\n', so a last line without one differs from the same text with one, and
// joining the lines gives back the bytes exactly.

export interface LineTokens {
  /** Line ids of each side. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Offset of each line's first byte, then the end: lines + 1 entries per side. */
  readonly aStarts: Uint32Array;
  readonly bStarts: Uint32Array;
  /** Distinct lines: ids are 0 … idCount - 1. */
  readonly idCount: number;
}

const LF = 10;

/** Whether x[xs, xs + length) equals y[ys, …): 4 bytes at a time through unaligned reads. */
function sameBytes(x: Side, xs: number, y: Side, ys: number, length: number): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4)
    if (x.view.getInt32(xs + i) !== y.view.getInt32(ys + i)) return false;
  for (; i < length; i++) if (x.bytes[xs + i] !== y.bytes[ys + i]) return false;
  return true;
}

interface Side {
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

const side = (bytes: Uint8Array): Side => ({
  bytes,
  view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
});

/** Ids by line content: open addressing over typed arrays, the slots at most half full. */
class LineTable {
  /** Slot → id + 1 (0: empty), linear probing. */
  private slots = new Int32Array(1 << 12);
  /** 32 - log2(slots): a slot is the top bits of a multiplicative hash (Fibonacci hashing). */
  private shift = 20;
  private idHash = new Int32Array(1 << 10);
  private idSide = new Uint8Array(1 << 10);
  private idStart = new Uint32Array(1 << 10);
  private idLength = new Uint32Array(1 << 10);
  private readonly sides: readonly Side[];
  count = 0;

  constructor(sides: readonly Uint8Array[]) {
    this.sides = sides.map(side);
  }

  /** The id of the line bytes[start, end) of `side`, whose FNV-1a hash is `hash`. */
  intern(side: number, start: number, end: number, hash: number): number {
    const bytes = this.sides[side] as Side;
    const length = end - start;
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const entry = slots[slot] as number;
      if (entry === 0) break;
      const id = entry - 1;
      if (
        this.idHash[id] === hash &&
        this.idLength[id] === length &&
        sameBytes(
          this.sides[this.idSide[id] as number] as Side,
          this.idStart[id] as number,
          bytes,
          start,
          length,
        )
      ) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    if (id === this.idHash.length) this.growIds();
    this.idHash[id] = hash;
    this.idSide[id] = side;
    this.idStart[id] = start;
    this.idLength[id] = length;
    slots[slot] = id + 1;
    if (this.count * 2 > slots.length) this.rehash();
    return id;
  }

  private growIds(): void {
    const size = this.idHash.length * 2;
    const idHash = new Int32Array(size);
    idHash.set(this.idHash);
    this.idHash = idHash;
    const idSide = new Uint8Array(size);
    idSide.set(this.idSide);
    this.idSide = idSide;
    const idStart = new Uint32Array(size);
    idStart.set(this.idStart);
    this.idStart = idStart;
    const idLength = new Uint32Array(size);
    idLength.set(this.idLength);
    this.idLength = idLength;
  }

  /** Doubles the slots, keeping the table at most half full. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    this.shift--;
    for (let id = 0; id < this.count; id++) {
      let slot = Math.imul(this.idHash[id] as number, 0x9e3779b1) >>> this.shift;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Where filling stopped: lines done and the offset of the next line. */
interface Progress {
  lines: number;
  at: number;
}

/**
 * Tokenises lines from `p` until the bytes end or the arrays are full. Kept apart from growing
 * the arrays: a loop whose typed arrays may be swapped underneath it runs several times slower.
 */
function fill(
  table: LineTable,
  side: number,
  bytes: Uint8Array,
  starts: Uint32Array,
  ids: Int32Array,
  p: Progress,
): void {
  const length = bytes.length;
  const room = starts.length - 1;
  let lines = p.lines;
  let at = p.at;
  while (at < length && lines < room) {
    // Short lines are hashed while looking for their end; past 64 bytes indexOf finds it faster.
    let hash = FNV_OFFSET;
    let end = at;
    const shortEnd = at + 64 < length ? at + 64 : length;
    for (;;) {
      if (end >= shortEnd) break;
      const c = bytes[end] as number;
      end++;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      if (c === LF) break;
    }
    if (end === shortEnd && end < length && bytes[end - 1] !== LF) {
      const nl = bytes.indexOf(LF, end);
      const stop = nl < 0 ? length : nl + 1;
      for (; end < stop; end++) hash = Math.imul(hash ^ (bytes[end] as number), FNV_PRIME);
    }
    starts[lines] = at;
    ids[lines] = table.intern(side, at, end, hash);
    lines++;
    at = end;
  }
  p.lines = lines;
  p.at = at;
}

/** Line starts and ids of one side. */
function tokenize(
  table: LineTable,
  side: number,
  bytes: Uint8Array,
): { ids: Int32Array; starts: Uint32Array } {
  // Sized from the line length of the first 64 KiB (with room to spare), doubled when short:
  // growing a few times over is slow (large zeroed buffers, and collections with them).
  const sample = Math.min(bytes.length, 64 * 1024);
  let sampled = 1;
  for (let i = 0; i < sample; i++) if (bytes[i] === LF) sampled++;
  const estimate = Math.ceil(((bytes.length + 1) * sampled * 1.25) / Math.max(1, sample));
  let starts = new Uint32Array(Math.min(bytes.length + 2, Math.max(16, estimate)));
  let ids = new Int32Array(starts.length);
  const p: Progress = { lines: 0, at: 0 };
  for (;;) {
    fill(table, side, bytes, starts, ids, p);
    if (p.at >= bytes.length) break;
    const more = new Uint32Array(starts.length * 2);
    more.set(starts);
    starts = more;
    const moreIds = new Int32Array(more.length);
    moreIds.set(ids);
    ids = moreIds;
  }
  starts[p.lines] = bytes.length;
  return { ids: ids.subarray(0, p.lines), starts: starts.subarray(0, p.lines + 1) };
}

export function lineTokens(a: Uint8Array, b: Uint8Array): LineTokens {
  const table = new LineTable([a, b]);
  const ta = tokenize(table, 0, a);
  const tb = tokenize(table, 1, b);
  return { a: ta.ids, b: tb.ids, aStarts: ta.starts, bStarts: tb.starts, idCount: table.count };
}
