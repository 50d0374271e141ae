// Where the blocks go: a Writable (with backpressure honoured) or a file handle. Small blocks
// are gathered into writes of about 256 KiB, so memory stays bounded whatever the capture's size.

import type { FileHandle } from 'node:fs/promises';

export type PcapngOutput = NodeJS.WritableStream | FileHandle;

const FLUSH_AT = 256 * 1024;

function isFileHandle(out: PcapngOutput): out is FileHandle {
  return typeof (out as FileHandle).fd === 'number' && typeof out.write === 'function';
}

function writeToStream(stream: NodeJS.WritableStream, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('error', onError);
      stream.off('drain', onDrain);
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    stream.on('error', onError);
    if (stream.write(data)) {
      cleanup();
      resolve();
    } else stream.on('drain', onDrain);
  });
}

export class BlockSink {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes handed on so far (the file's size once flushed). */
  written = 0;

  constructor(private readonly out: PcapngOutput) {}

  async write(block: Buffer): Promise<void> {
    this.pending.push(block);
    this.pendingBytes += block.length;
    if (this.pendingBytes >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (isFileHandle(this.out)) {
      let done = 0;
      while (done < data.length) done += (await this.out.write(data, done)).bytesWritten;
    } else {
      await writeToStream(this.out, data);
    }
    this.written += data.length;
  }
}
