// What a typed payload amounts to, shown under its field as the user types: the byte count, or
// the first problem and where it is.
import { MAX_PAYLOAD_CHARS } from '../../../../shared/behaviours';
import { parsePayloadSpec, type PayloadSpec } from '../../../../shared/payload-spec';
import { formatCount } from '../../../../shared/format-bytes';

export type PayloadStatus =
  | { readonly ok: true; readonly bytes: number; readonly text: string }
  | { readonly ok: false; readonly text: string };

/** The same words the engine uses for INVALID_INPUT, so both places read alike. */
function payloadError(message: string, position: number): string {
  return `${message} (at character ${formatCount(position + 1)})`;
}

export function payloadStatus(spec: PayloadSpec): PayloadStatus {
  if (spec.value.length > MAX_PAYLOAD_CHARS) {
    return {
      ok: false,
      text: `Longer than ${formatCount(MAX_PAYLOAD_CHARS)} characters: too large to type or paste here.`,
    };
  }
  const parsed = parsePayloadSpec(spec);
  if (!parsed.ok) return { ok: false, text: payloadError(parsed.message, parsed.position) };
  const n = parsed.bytes.length;
  return { ok: true, bytes: n, text: `${formatCount(n)} ${n === 1 ? 'byte' : 'bytes'}` };
}
