// The no-faults path: every write goes to the socket at once. Backpressure is the socket's own
// buffer measured against our high-water mark.

import type { Socket } from 'node:net';
import { OUTBOUND_HIGH_WATER, type Outbound, type OutboundSink } from './outbound';

export class DirectOutbound implements Outbound {
  private open = true;

  constructor(
    private readonly socket: Socket,
    private readonly sink: OutboundSink,
  ) {}

  write(bytes: Uint8Array, done?: () => void): boolean {
    if (!this.open) {
      done?.();
      return true;
    }
    if (bytes.byteLength > 0) {
      this.sink.sent(bytes);
      // Node calls back once the bytes are written, and also when the socket is destroyed first.
      this.socket.write(bytes, done);
    } else {
      done?.();
    }
    return this.socket.writableLength < OUTBOUND_HIGH_WATER;
  }

  onceDrained(callback: () => void): void {
    // Past the socket's own (16 KiB) mark Node owes a 'drain' once its buffer empties.
    if (!this.open || this.socket.writableLength < OUTBOUND_HIGH_WATER) callback();
    else this.socket.once('drain', callback);
  }

  whenFlushed(callback: () => void): void {
    callback();
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    // Node sends the FIN after its buffer, so nothing of ours can be cut off.
    if (!this.socket.destroyed) this.socket.end();
  }

  discard(): void {
    this.open = false;
  }
}
