// A socket that reads into buffers Porthole lends it (Node's `onread`), for connections whose
// bytes only pass through: a relay's two sockets. Why reused buffers: read-buffer-pool.ts.
//
// After a large read the next one goes into a slot of the pool, which comes back when whoever
// got the bytes is done with them (their write to the other socket completed). After a small
// read (a request and its answer, an idle connection) the next goes into one small buffer that
// every such socket shares: what lands there is copied out before the callback returns, so it is
// free again before any other socket can read (reads and their callbacks run one at a time).
// An idle socket therefore holds no buffer of its own (a 2 KiB buffer per socket cost ~8 KiB
// more per idle relay connection, in partly used pooled slabs).

import type { OnReadOpts } from 'node:net';
import type { ReadBufferPool } from './read-buffer-pool';

/** What a socket reads into after a read smaller than this; larger reads take a slot next. */
const SMALL_READ_BYTES = 2048;
/** Below Node's pooled-allocation size, so the copy made of a small read is cheap. */
const sharedSmallBuffer = Buffer.allocUnsafeSlow(SMALL_READ_BYTES);

/**
 * Gets each read: `data` is valid until `giveBack` is called (at most once is enough, more is
 * harmless); `giveBack` is undefined when the bytes are the reader's to keep. Returns false to
 * stop reading (Node pauses the socket) until the socket is resumed.
 */
export type LentReadHandler = (data: Buffer, giveBack: (() => void) | undefined) => boolean;

export class LentReads {
  /** Set before the socket's first read (an accepted socket is wrapped before it has a reader). */
  deliver: LentReadHandler = () => true;
  /** The slot the socket reads into next: given back to the pool when the socket closes. */
  private next: Buffer | null = null;
  private lastRead = 0;

  constructor(private readonly pool: ReadBufferPool) {}

  /** Node's `onread` option: it asks for the first buffer at once, then one after every read. */
  readonly onread: OnReadOpts = {
    buffer: () => {
      this.next = this.lastRead >= SMALL_READ_BYTES ? this.pool.take() : null;
      return this.next ?? sharedSmallBuffer;
    },
    callback: (nread: number, buffer: Uint8Array): boolean => {
      this.lastRead = nread;
      const read = (buffer as Buffer).subarray(0, nread);
      // The shared buffer is the next socket's as soon as this returns: its bytes go out copied.
      if (buffer === sharedSmallBuffer) return this.deliver(Buffer.from(read), undefined);
      return this.deliver(
        read,
        this.pool.owns(buffer) ? this.giveBack(buffer as Buffer) : undefined,
      );
    },
  };

  /** The socket closed: nothing reads into its next buffer any more. */
  release(): void {
    if (this.next !== null) this.pool.give(this.next);
    this.next = null;
  }

  /**
   * Once only: a slot given back, taken by another read and then given back again by a late
   * duplicate call would be handed out while in use.
   */
  private giveBack(slot: Buffer): () => void {
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.pool.give(slot);
    };
  }
}
