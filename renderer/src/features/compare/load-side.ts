// Both connections' captured bytes for the Compare view, read page by page (the engine answers
// 1 MiB a call) up to a cap: comparing is for conversations a person can read. The two sides of
// a direction are read in step from the start, and each pair of pages is compared as it arrives,
// so where they first differ is on screen long before 2 × 50 MB have been read.
import { MAX_READ_BYTES, type PortholeApi } from '../../../../shared/contract';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import { decodeBase64 } from '../../lib/base64';
import { bytesToEscapedText } from '../../components/payload-field/payload-convert';
import type { CompareSideBytes, FirstShown } from './compare-protocol';

/** Most bytes per direction compared; beyond it the view says the rest was left out. */
export const MAX_COMPARE_BYTES = 64 * 1024 * 1024;
/** Bytes shown either side of the first difference. */
const CONTEXT = 24;

export type LoadedPair =
  | {
      readonly ok: true;
      readonly a: CompareSideBytes;
      readonly b: CompareSideBytes;
      readonly cut: boolean;
    }
  | { readonly ok: false; readonly error: ErrorInfo };

async function readPage(
  api: PortholeApi,
  c: ConnectionInfo,
  direction: Direction,
  offset: number,
  into: Uint8Array,
): Promise<ErrorInfo | null> {
  if (offset >= into.length) return null;
  const read = await api.readPayload({
    connectionId: c.id,
    direction,
    offset,
    length: Math.min(MAX_READ_BYTES, into.length - offset),
  });
  if (!read.ok) return read.error;
  into.set(decodeBase64(read.value.data), offset);
  return null;
}

/** The first offset in [from, to) where the two differ (or where the shorter one ends). */
function differsAt(a: Uint8Array, b: Uint8Array, from: number, to: number): number | null {
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return i;
  return null;
}

function shownAt(a: Uint8Array, b: Uint8Array, offset: number): FirstShown {
  const start = Math.max(0, offset - CONTEXT);
  return {
    offset,
    aText: bytesToEscapedText(a.subarray(start, offset + CONTEXT)),
    bText: bytesToEscapedText(b.subarray(start, offset + CONTEXT)),
  };
}

async function loadDirection(
  api: PortholeApi,
  a: ConnectionInfo,
  b: ConnectionInfo,
  direction: Direction,
  onFirst: (direction: Direction, first: FirstShown | null) => void,
): Promise<{ ok: true; a: Uint8Array; b: Uint8Array } | { ok: false; error: ErrorInfo }> {
  const bytesA = new Uint8Array(Math.min(a[direction].captured, MAX_COMPARE_BYTES));
  const bytesB = new Uint8Array(Math.min(b[direction].captured, MAX_COMPARE_BYTES));
  const longest = Math.max(bytesA.length, bytesB.length);
  const shortest = Math.min(bytesA.length, bytesB.length);
  let found = false;
  for (let offset = 0; offset < longest; offset += MAX_READ_BYTES) {
    const [errorA, errorB] = await Promise.all([
      readPage(api, a, direction, offset, bytesA),
      readPage(api, b, direction, offset, bytesB),
    ]);
    const error = errorA ?? errorB;
    if (error !== null) return { ok: false, error };
    if (found) continue;
    const end = Math.min(offset + MAX_READ_BYTES, shortest);
    const at = differsAt(bytesA, bytesB, offset, end);
    if (at !== null || end === shortest) {
      found = true;
      const first = at ?? (bytesA.length === bytesB.length ? null : shortest);
      onFirst(direction, first === null ? null : shownAt(bytesA, bytesB, first));
    }
  }
  if (!found) onFirst(direction, null);
  return { ok: true, a: bytesA, b: bytesB };
}

export async function loadPair(
  api: PortholeApi,
  a: ConnectionInfo,
  b: ConnectionInfo,
  onFirst: (direction: Direction, first: FirstShown | null) => void,
): Promise<LoadedPair> {
  const [inbound, outbound] = await Promise.all([
    loadDirection(api, a, b, 'in', onFirst),
    loadDirection(api, a, b, 'out', onFirst),
  ]);
  if (!inbound.ok) return inbound;
  if (!outbound.ok) return outbound;
  const cut = [a, b].some(
    (c) => c.in.captured > MAX_COMPARE_BYTES || c.out.captured > MAX_COMPARE_BYTES,
  );
  return {
    ok: true,
    a: { in: inbound.a, out: outbound.a },
    b: { in: inbound.b, out: outbound.b },
    cut,
  };
}
