// Reads a capture file front to back in large pieces with bounded memory: a reader asks for the
// next n bytes (a view valid until its next call), then consumes them. Nothing here trusts the
// file: asking for more than MAX_NEED bytes is refused by the callers before it gets here.

import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

const READ_BYTES = 4 * 1024 * 1024;

export class FileSource {
  private buffer = Buffer.alloc(READ_BYTES);
  private start = 0;
  private end = 0;
  /** File offset of buffer[end]. */
  private filePosition = 0;
  private eof = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly onRead: (bytesRead: number) => void,
  ) {}

  static async open(path: string, onRead: (bytesRead: number) => void): Promise<FileSource> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new FileSource(handle, size, onRead);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** File offset of the next unconsumed byte. */
  get position(): number {
    return this.filePosition - (this.end - this.start);
  }

  /** The next `n` bytes without consuming them, or null when the file ends first. */
  async peek(n: number): Promise<Buffer | null> {
    while (this.end - this.start < n) {
      if (this.eof) return null;
      await this.fill(n);
    }
    return this.buffer.subarray(this.start, this.start + n);
  }

  /** Bytes left from the current position to the end of the file, as far as known. */
  remaining(): number {
    return Math.max(0, this.size - this.position);
  }

  consume(n: number): void {
    this.start = Math.min(this.end, this.start + n);
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  private async fill(n: number): Promise<void> {
    const held = this.end - this.start;
    if (this.buffer.length < n) {
      const grown = Buffer.alloc(Math.max(n, READ_BYTES));
      this.buffer.copy(grown, 0, this.start, this.end);
      this.buffer = grown;
    } else if (this.start > 0) {
      this.buffer.copy(this.buffer, 0, this.start, this.end);
    }
    this.start = 0;
    this.end = held;
    const { bytesRead } = await this.handle.read(
      this.buffer,
      this.end,
      this.buffer.length - this.end,
      this.filePosition,
    );
    if (bytesRead === 0) {
      this.eof = true;
      return;
    }
    this.end += bytesRead;
    this.filePosition += bytesRead;
    this.onRead(this.filePosition);
  }
}
