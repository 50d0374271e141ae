// decompress: undo a Content-Encoding for the payload views. zlib streams do their work on
// libuv's thread pool, so a large body never blocks the engine's event loop; output is cut at a
// cap (a small "zip bomb" body must not become gigabytes in memory).

import {
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  type BrotliDecompress,
  type Gunzip,
  type Inflate,
  type InflateRaw,
} from 'node:zlib';

export type ContentEncoding = 'gzip' | 'deflate' | 'br';

export type DecompressOutcome =
  | { readonly ok: true; readonly data: Buffer; readonly truncated: boolean }
  | { readonly ok: false; readonly message: string };

type Decoder = Gunzip | Inflate | InflateRaw | BrotliDecompress;

/** A zlib header: CM = 8 (deflate), CINFO ≤ 7, and the 16-bit header a multiple of 31. */
function looksZlibWrapped(data: Buffer): boolean {
  const b0 = data[0];
  const b1 = data[1];
  if (b0 === undefined || b1 === undefined) return false;
  return (b0 & 0x0f) === 8 && b0 >> 4 <= 7 && ((b0 << 8) | b1) % 31 === 0;
}

function run(decoder: Decoder, input: Buffer, cap: number): Promise<DecompressOutcome> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (outcome: DecompressOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    decoder.on('data', (chunk: Buffer) => {
      if (settled) return;
      parts.push(chunk);
      total += chunk.length;
      if (total > cap) {
        // Stop inflating as soon as the cap is passed: the rest is never produced.
        settle({ ok: true, data: Buffer.concat(parts).subarray(0, cap), truncated: true });
        decoder.destroy();
      }
    });
    decoder.once('end', () => settle({ ok: true, data: Buffer.concat(parts), truncated: false }));
    decoder.once('error', (error: Error) => settle({ ok: false, message: error.message }));
    decoder.end(input);
  });
}

/**
 * HTTP's "deflate" is meant to be zlib-wrapped, but servers send raw deflate too: a body with
 * a zlib header is tried as zlib first, and anything else (or a failed zlib attempt) as raw.
 */
export async function decompress(
  encoding: ContentEncoding,
  input: Buffer,
  cap: number,
): Promise<DecompressOutcome> {
  if (encoding === 'gzip') return run(createGunzip(), input, cap);
  if (encoding === 'br') return run(createBrotliDecompress(), input, cap);
  if (looksZlibWrapped(input)) {
    const wrapped = await run(createInflate(), input, cap);
    if (wrapped.ok) return wrapped;
    const raw = await run(createInflateRaw(), input, cap);
    return raw.ok ? raw : wrapped;
  }
  return run(createInflateRaw(), input, cap);
}
