// Both directions of a connection's captured bytes for the Compare view, read page by page (the
// engine answers 1 MiB a call), up to a cap: comparing is for conversations a person can read.
import { MAX_READ_BYTES, type PortholeApi } from '../../../../shared/contract';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import { decodeBase64 } from '../../lib/base64';
import type { CompareSideBytes } from './compare-protocol';

/** Most bytes per direction compared; beyond it the view says the rest was left out. */
export const MAX_COMPARE_BYTES = 64 * 1024 * 1024;

export type LoadedSide =
  | { readonly ok: true; readonly bytes: CompareSideBytes; readonly cut: boolean }
  | { readonly ok: false; readonly error: ErrorInfo };

async function loadDirection(
  api: PortholeApi,
  c: ConnectionInfo,
  direction: Direction,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: ErrorInfo }> {
  const length = Math.min(c[direction].captured, MAX_COMPARE_BYTES);
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += MAX_READ_BYTES) {
    const read = await api.readPayload({
      connectionId: c.id,
      direction,
      offset,
      length: Math.min(MAX_READ_BYTES, length - offset),
    });
    if (!read.ok) return read;
    bytes.set(decodeBase64(read.value.data), offset);
  }
  return { ok: true, bytes };
}

export async function loadSide(api: PortholeApi, c: ConnectionInfo): Promise<LoadedSide> {
  const [inbound, outbound] = await Promise.all([
    loadDirection(api, c, 'in'),
    loadDirection(api, c, 'out'),
  ]);
  if (!inbound.ok) return inbound;
  if (!outbound.ok) return outbound;
  const cut = c.in.captured > MAX_COMPARE_BYTES || c.out.captured > MAX_COMPARE_BYTES;
  return { ok: true, bytes: { in: inbound.bytes, out: outbound.bytes }, cut };
}
