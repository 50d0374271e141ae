// The original client's writes as editable drafts: one per recorded read, as text with escapes
// where the bytes read as text, else hex. Only for conversations small enough to edit in a form.

import type { PortholeApi } from '../../../../shared/contract';
import { MAX_PAGE, MAX_READ_BYTES } from '../../../../shared/contract';
import type { ErrorInfo } from '../../../../shared/errors';
import type { Chunk, ConnectionInfo } from '../../../../shared/model';
import { MAX_REPLAY_EDITS } from '../../../../shared/replay';
import { decodeBase64 } from '../../lib/base64';
import { bytesToEscapedText, bytesToHex } from '../../components/payload-field/payload-convert';
import type { PayloadDraft } from '../../components/payload-field/payload-draft';

/** Most client bytes the editor loads: a form, not a hex editor for megabytes. */
const MAX_EDIT_BYTES = 256 * 1024;

export type LoadedWrites =
  | { readonly kind: 'loaded'; readonly drafts: PayloadDraft[] }
  | { readonly kind: 'too-big'; readonly reason: string }
  | { readonly kind: 'error'; readonly error: ErrorInfo };

/** Text when the bytes are mostly printable (escapes stay readable), hex otherwise. */
function draftFor(bytes: Uint8Array): PayloadDraft {
  let printable = 0;
  for (const b of bytes)
    if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09) printable++;
  return bytes.length === 0 || printable / bytes.length >= 0.8
    ? { format: 'text', value: bytesToEscapedText(bytes) }
    : { format: 'hex', value: bytesToHex(bytes) };
}

export function editLimitReason(c: ConnectionInfo): string | null {
  if (c.in.chunks > MAX_REPLAY_EDITS) {
    return `Its client made ${c.in.chunks} writes; editing is offered up to ${MAX_REPLAY_EDITS}.`;
  }
  if (c.in.captured > MAX_EDIT_BYTES) {
    return `Its client sent more than ${MAX_EDIT_BYTES / 1024} KiB; editing is offered up to that.`;
  }
  return null;
}

export async function loadWrites(api: PortholeApi, c: ConnectionInfo): Promise<LoadedWrites> {
  const reason = editLimitReason(c);
  if (reason !== null) return { kind: 'too-big', reason };
  const chunks: Chunk[] = [];
  for (let from = 0; from < c.chunkCount; from += MAX_PAGE) {
    const page = await api.readChunks({ connectionId: c.id, from, count: MAX_PAGE });
    if (!page.ok) return { kind: 'error', error: page.error };
    chunks.push(...page.value);
  }
  const reads = chunks.filter((chunk) => chunk.direction === 'in' && chunk.captured > 0);
  const drafts: PayloadDraft[] = [];
  for (const read of reads) {
    const bytes = await api.readPayload({
      connectionId: c.id,
      direction: 'in',
      offset: read.offset,
      length: Math.min(read.captured, MAX_READ_BYTES),
    });
    if (!bytes.ok) return { kind: 'error', error: bytes.error };
    drafts.push(draftFor(decodeBase64(bytes.value.data)));
  }
  return { kind: 'loaded', drafts };
}
