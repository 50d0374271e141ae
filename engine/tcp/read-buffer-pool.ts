// Buffers a socket reads into again and again, instead of a fresh one per read.
//
// Why: Node gives every socket read a fresh 64 KiB buffer. In a plain process that is new memory
// to the OS each time, so a relay moving hundreds of MiB/s pays a page fault per 4 KiB it
// forwards (the first touch of each page), which left it behind socat. A few warm buffers,
// reused as soon as their bytes are on the next socket, remove that (a bare relay downloading
// 256 MiB: 685–710 MiB/s with fresh buffers, 1,047–1,213 MiB/s with reused ones).
//
// Slots are views into one slab, so none of them "owns its memory": whoever keeps read bytes
// (the byte log, the capture file writer, the protocol detector) copies them rather than keeping
// the view (recording/byte-log.ts), which is what makes reuse safe. A slot comes back when the
// write that sends its bytes on completes. When every slot is busy (many relays at full speed at
// once) a read gets fresh memory as before: reuse is a saving, never a limit.

/** Node's own read size: one read never brings more. */
export const READ_SLOT_BYTES = 64 * 1024;
/** 4 MiB of address space; only slots ever used are touched (the slab is not filled). */
const SLOTS = 64;

export class ReadBufferPool {
  private slab: Buffer | null = null;
  /** Free slot numbers, most recently returned last: the warmest slot is reused first. */
  private readonly free: number[] = [];
  /** 1 while a slot is out: a slot given back twice is ignored rather than handed out twice. */
  private readonly out: Uint8Array;
  /** Slots handed out at least once; the rest of the slab has never been touched. */
  private used = 0;
  private lentCount = 0;

  constructor(private readonly slots: number = SLOTS) {
    // With one slot the slab would be exactly that slot, which owns its memory (see the top).
    if (slots < 2) throw new RangeError('a read-buffer pool needs at least two slots');
    this.out = new Uint8Array(slots);
  }

  /** A buffer of READ_SLOT_BYTES to read into; give it back once its bytes are no longer needed. */
  take(): Buffer {
    let slot = this.free.pop();
    if (slot === undefined && this.used < this.slots) slot = this.used++;
    if (slot === undefined) return Buffer.allocUnsafeSlow(READ_SLOT_BYTES);
    this.out[slot] = 1;
    this.lentCount++;
    const slab = (this.slab ??= Buffer.allocUnsafeSlow(this.slots * READ_SLOT_BYTES));
    return slab.subarray(slot * READ_SLOT_BYTES, (slot + 1) * READ_SLOT_BYTES);
  }

  /** Whether `buffer` is (a view of) a slot, not fresh memory handed out while all were busy. */
  owns(buffer: Uint8Array): boolean {
    return this.slab !== null && buffer.buffer === this.slab.buffer;
  }

  /** Return a buffer from `take` (or a view of one); fresh ones are left to the collector. */
  give(buffer: Uint8Array): void {
    const slab = this.slab;
    if (slab === null || buffer.buffer !== slab.buffer) return;
    const slot = Math.floor((buffer.byteOffset - slab.byteOffset) / READ_SLOT_BYTES);
    if (this.out[slot] !== 1) return;
    this.out[slot] = 0;
    this.free.push(slot);
  }

  /** Slots out now (for tests: every read's slot must come back). */
  get busy(): number {
    return this.used - this.free.length;
  }

  /** How many times a slot was handed out (for tests: slots are reused, not just used). */
  get lent(): number {
    return this.lentCount;
  }

  /** Slots ever handed out: the part of the slab that has been touched. */
  get touched(): number {
    return this.used;
  }
}

/**
 * The one pool of the process, for sockets that read into lent buffers (lent-reads.ts). They
 * share it: the slots in use follow the bytes in flight, not the number of connections.
 */
export const lentReadBuffers = new ReadBufferPool();
