// What a decoded body looks like on screen, worked out in the decode worker: JSON is parsed and
// pretty-printed there, text becomes escape runs, raster images become a data: URL once their
// magic bytes agree. SVG is never shown as an image (it can carry script); it stays text.
import { completeSequenceEnd, escapeBytes, type TextRun } from '../text/utf8-escape';
import { encodeBase64 } from './base64-encode';

/** Most bytes of a body shown as text or JSON; the rest is one click away in the Text tab. */
export const BODY_TEXT_LIMIT = 32 * 1024;
/** JSON bigger than this is shown as text: parsing it would hold the worker for too long. */
const JSON_PARSE_LIMIT = 4 * 1024 * 1024;
/** Largest image shown inline. */
const IMAGE_LIMIT = 4 * 1024 * 1024;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export type FormattedBody =
  | { readonly kind: 'empty' }
  | { readonly kind: 'json'; readonly runs: readonly TextRun[]; readonly cut: boolean }
  | { readonly kind: 'text'; readonly runs: readonly TextRun[]; readonly cut: boolean }
  | { readonly kind: 'image'; readonly mime: ImageType; readonly url: string }
  | { readonly kind: 'binary'; readonly size: number };

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean =>
  sig.every((b, i) => bytes[at + i] === b);

/** The raster type the bytes really are (by magic bytes, not by what the header claims). */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
  ) {
    return 'image/webp';
  }
  return null;
}

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isJsonType(contentType: string | null): boolean {
  const t = mediaType(contentType);
  return t === 'application/json' || t.endsWith('+json') || t === 'text/json';
}

/** Share of bytes that are control characters other than tab/CR/LF, over a prefix. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let odd = 0;
  for (let i = 0; i < n; i += 1) {
    const b = bytes[i] ?? 0;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) odd += 1;
  }
  return odd > n / 20;
}

function tryJson(bytes: Uint8Array): string | null {
  if (bytes.length > JSON_PARSE_LIMIT) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return JSON.stringify(value, null, 2);
  } catch {
    return null;
  }
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length && i < 64; i += 1) {
    const b = bytes[i] ?? 0;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

export function formatBody(bytes: Uint8Array, contentType: string | null): FormattedBody {
  if (bytes.length === 0) return { kind: 'empty' };
  const image = sniffImage(bytes);
  if (image && bytes.length <= IMAGE_LIMIT) {
    return { kind: 'image', mime: image, url: `data:${image};base64,${encodeBase64(bytes)}` };
  }
  if (image || looksBinary(bytes)) return { kind: 'binary', size: bytes.length };
  const lead = firstNonSpace(bytes);
  // JSON sent without a JSON content type (common in webhooks) is still worth pretty-printing.
  if (isJsonType(contentType) || lead === 0x7b || lead === 0x5b) {
    const pretty = tryJson(bytes);
    if (pretty !== null) {
      // Back through the escaper: JSON strings may hold bidi overrides or zero-width characters.
      const shown = new TextEncoder().encode(pretty.slice(0, BODY_TEXT_LIMIT));
      const cut = pretty.length > BODY_TEXT_LIMIT;
      const end = cut ? completeSequenceEnd(shown, 0, shown.length) : shown.length;
      return { kind: 'json', runs: escapeBytes(shown, 0, end), cut };
    }
  }
  const limit = Math.min(bytes.length, BODY_TEXT_LIMIT);
  const end = limit < bytes.length ? completeSequenceEnd(bytes, 0, limit) : limit;
  return { kind: 'text', runs: escapeBytes(bytes, 0, end), cut: end < bytes.length };
}
