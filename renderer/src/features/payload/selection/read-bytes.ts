// The bytes of a selection: from the byte cache where the views already fetched them (the
// usual case, since a selection is on screen), from the engine for any window that is not.
import { MAX_READ_BYTES, type PortholeApi } from '../../../../../shared/contract';
import type { ErrorInfo } from '../../../../../shared/errors';
import { decodeBase64 } from '../../../lib/base64';
import { cachedEnd, WINDOW_BYTES, type ByteCache } from '../data/byte-cache';
import type { ByteSelection } from './byte-range';

/** More than any sensible clipboard paste; a bigger selection is refused, not cut silently. */
const MAX_COPY_BYTES = 16 * 1024 * 1024;

export type ReadResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly message: string };

async function fromEngine(
  engine: PortholeApi,
  connectionId: number,
  sel: ByteSelection,
  offset: number,
  length: number,
): Promise<Uint8Array | ErrorInfo> {
  const result = await engine.readPayload({
    connectionId,
    direction: sel.direction,
    offset,
    length,
  });
  return result.ok ? decodeBase64(result.value.data) : result.error;
}

export async function readSelection(
  engine: PortholeApi,
  cache: ByteCache,
  connectionId: number,
  sel: ByteSelection,
): Promise<ReadResult> {
  const total = sel.end - sel.start;
  if (total > MAX_COPY_BYTES) {
    return { ok: false, message: `Select at most ${MAX_COPY_BYTES / 1024 / 1024} MiB to copy.` };
  }
  const out = new Uint8Array(total);
  let at = sel.start;
  while (at < sel.end) {
    const index = Math.floor(at / WINDOW_BYTES);
    const windowEnd = Math.min(sel.end, (index + 1) * WINDOW_BYTES);
    const entry = cache.get(connectionId, sel.direction, index);
    let piece: Uint8Array | ErrorInfo;
    if (entry && !entry.error && entry.base <= at && cachedEnd(entry) >= windowEnd) {
      piece = entry.bytes.subarray(at - entry.base, windowEnd - entry.base);
    } else {
      const length = Math.min(windowEnd - at, MAX_READ_BYTES);
      piece = await fromEngine(engine, connectionId, sel, at, length);
    }
    if (!(piece instanceof Uint8Array)) return { ok: false, message: piece.message };
    if (piece.length === 0) return { ok: false, message: 'Those bytes are no longer available.' };
    out.set(piece, at - sel.start);
    at += piece.length;
  }
  return { ok: true, bytes: out };
}
