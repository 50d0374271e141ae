// HTTP/1.x message body framing (RFC 9112 §6–7): fixed Content-Length, chunked (de-framed, with
// extensions and trailers kept as fields) and read-until-close. Linear in the body's size.

import type { DecodedField } from './types';
import { parseFieldLines } from './http-head';
import { ascii } from './text';

export interface BodyScan {
  /** Offset just past the body (the stream end when cut or read-until-close). */
  readonly end: number;
  readonly bytes: Uint8Array;
  readonly complete: boolean;
  /** Set when the framing is broken at `at`: the rest of the stream is not understood. */
  readonly error: { readonly at: number; readonly reason: string } | null;
  readonly fields: DecodedField[];
}

/** Chunk-size lines longer than this are malformed (real ones are a few bytes plus extensions). */
const MAX_CHUNK_LINE = 4096;
const HEX_DIGITS = /^[0-9A-Fa-f]{1,12}$/;

export function fixedBody(b: Uint8Array, start: number, length: number): BodyScan {
  const end = Math.min(b.length, start + length);
  return {
    end,
    bytes: b.subarray(start, end),
    complete: start + length <= b.length,
    error: null,
    fields: [],
  };
}

export function untilClose(b: Uint8Array, start: number): BodyScan {
  return { end: b.length, bytes: b.subarray(start), complete: true, error: null, fields: [] };
}

function concat(pieces: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function chunkedBody(b: Uint8Array, start: number): BodyScan {
  const pieces: Uint8Array[] = [];
  const fields: DecodedField[] = [];
  let total = 0;
  let pos = start;
  const result = (end: number, complete: boolean, error: BodyScan['error']): BodyScan => ({
    end,
    bytes: concat(pieces, total),
    complete,
    error,
    fields,
  });
  for (let chunk = 1; ; chunk++) {
    const nl = b.indexOf(10, pos);
    if (nl < 0 || nl - pos > MAX_CHUNK_LINE) {
      if (nl < 0 && b.length - pos <= MAX_CHUNK_LINE) return result(b.length, false, null);
      return result(pos, false, { at: pos, reason: 'chunk size line too long' });
    }
    const lineEnd = nl > pos && b[nl - 1] === 13 ? nl - 1 : nl;
    const line = ascii(b, pos, lineEnd, MAX_CHUNK_LINE);
    const semi = line.indexOf(';');
    const sizeText = (semi >= 0 ? line.slice(0, semi) : line).trim();
    if (!HEX_DIGITS.test(sizeText)) {
      return result(pos, false, { at: pos, reason: `invalid chunk size: ${line.slice(0, 40)}` });
    }
    if (semi >= 0)
      fields.push({ name: `Chunk ${chunk} extension`, value: line.slice(semi + 1).trim() });
    const size = parseInt(sizeText, 16);
    const dataStart = nl + 1;
    if (size === 0) {
      const trailers = parseFieldLines(b, dataStart, dataStart);
      if (trailers.status === 'incomplete') return result(b.length, false, null);
      if (trailers.status === 'invalid') {
        return result(trailers.at, false, {
          at: trailers.at,
          reason: `trailer: ${trailers.reason}`,
        });
      }
      for (const t of trailers.headers) fields.push({ name: `Trailer ${t.name}`, value: t.value });
      return result(trailers.end, true, null);
    }
    const dataEnd = dataStart + size;
    if (dataEnd > b.length) {
      const piece = b.subarray(dataStart);
      pieces.push(piece);
      total += piece.length;
      return result(b.length, false, null);
    }
    const piece = b.subarray(dataStart, dataEnd);
    pieces.push(piece);
    total += piece.length;
    // Chunk data ends with CRLF (a bare LF is tolerated as for other lines).
    const c0 = b[dataEnd];
    if (c0 === undefined) return result(b.length, false, null);
    let next: number;
    if (c0 === 10) next = dataEnd + 1;
    else if (c0 === 13) {
      const c1 = b[dataEnd + 1];
      if (c1 === undefined) return result(b.length, false, null);
      if (c1 !== 10)
        return result(dataEnd, false, { at: dataEnd, reason: 'missing CRLF after chunk data' });
      next = dataEnd + 2;
    } else {
      return result(dataEnd, false, { at: dataEnd, reason: 'missing CRLF after chunk data' });
    }
    pos = next;
  }
}
