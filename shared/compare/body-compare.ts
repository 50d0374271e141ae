// Comparing two message bodies: JSON field by field when both sides are JSON (by type or by
// look) and not content-encoded, otherwise equal-or-first-differing-byte.

import type { DecodedBody } from '../decoders/types';
import { utf8 } from '../decoders/text';
import { firstDifference } from './first-difference';
import { diffJson } from './json-diff';
import type { Difference } from './message-types';

/** Bodies larger than this are compared as bytes: parsing them would hold the worker too long. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function jsonType(contentType: string | null): boolean {
  const t = mediaType(contentType);
  return t === 'application/json' || t === 'text/json' || t.endsWith('+json');
}

function looksLikeJson(bytes: Uint8Array): boolean {
  for (const c of bytes.subarray(0, 64)) {
    if (c === 0x7b || c === 0x5b) return true; // { or [
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return false;
}

/** The parsed body, or undefined when it is not JSON we should parse. */
function parseJson(body: DecodedBody): unknown {
  const { bytes } = body;
  if (body.contentEncoding !== null && body.contentEncoding !== 'identity') return undefined;
  if (bytes.length > MAX_JSON_BYTES) return undefined;
  if (!jsonType(body.contentType) && !looksLikeJson(bytes)) return undefined;
  // utf8() escapes bytes that are not well-formed UTF-8 as \xNN, which JSON.parse rejects.
  const text = utf8(bytes, 0, bytes.length, Infinity, true);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function bodyDifferences(a: DecodedBody | null, b: DecodedBody | null): Difference[] {
  const ab = a?.bytes ?? EMPTY;
  const bb = b?.bytes ?? EMPTY;
  if (ab.length === 0 && bb.length === 0) return [];
  const lengths = { aLength: ab.length, bLength: bb.length, sameJson: false };
  if (ab.length === 0) return [{ kind: 'body', change: 'added', at: null, ...lengths }];
  if (bb.length === 0) return [{ kind: 'body', change: 'removed', at: null, ...lengths }];
  const first = firstDifference(ab, bb, 0);
  if (first === null) return [];
  const ja = a ? parseJson(a) : undefined;
  const jb = b ? parseJson(b) : undefined;
  if (ja !== undefined && jb !== undefined) {
    const { differences, omitted } = diffJson(ja, jb);
    if (differences.length === 0) {
      // Equal as JSON but not as bytes: say so, or a changed Content-Length would be a puzzle.
      return [{ kind: 'body', change: 'changed', at: first.offset, ...lengths, sameJson: true }];
    }
    return omitted > 0 ? [...differences, { kind: 'omitted', count: omitted }] : [...differences];
  }
  return [{ kind: 'body', change: 'changed', at: first.offset, ...lengths }];
}
