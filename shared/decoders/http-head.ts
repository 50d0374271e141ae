// HTTP/1.x head parsing (start line + header fields), shared by the HTTP decoder, its chunked
// trailers and the WebSocket decoder (which skips the upgrade handshake). Pure and linear: each
// call scans forward from `start` once and never past MAX_HEAD_BYTES.

import type { DecodedField } from './types';
import { ascii, utf8 } from './text';

/** Heads larger than this are treated as malformed rather than waited for. */
const MAX_HEAD_BYTES = 64 * 1024;

export interface HeaderLine {
  readonly name: string;
  /** Lower-cased name, for lookups. */
  readonly key: string;
  readonly value: string;
}

export interface FieldBlock {
  readonly headers: HeaderLine[];
  /** Offset just past the empty line that ends the block. */
  readonly end: number;
}

export type Parsed<T> =
  | ({ readonly status: 'ok' } & T)
  | { readonly status: 'incomplete' }
  | { readonly status: 'invalid'; readonly at: number; readonly reason: string };

export interface Head extends FieldBlock {
  readonly startLine: string;
  readonly request: { readonly method: string; readonly target: string } | null;
  readonly response: { readonly code: number; readonly reason: string } | null;
  readonly version: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) (HTTP\/\d\.\d)$/;
const STATUS_LINE = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;

/** End of the line starting at `pos` (index of '\n'), or -1 when not within the head limit. */
function lineEnd(b: Uint8Array, pos: number, headStart: number): number {
  const nl = b.indexOf(10, pos);
  if (nl < 0 || nl - headStart > MAX_HEAD_BYTES) return -1;
  return nl;
}

function tooLong(b: Uint8Array, headStart: number): boolean {
  return b.length - headStart > MAX_HEAD_BYTES;
}

/** Text of [start, nl) without a trailing CR. */
function lineText(b: Uint8Array, start: number, nl: number): string {
  const end = nl > start && b[nl - 1] === 13 ? nl - 1 : nl;
  return utf8(b, start, end);
}

/** Header (or trailer) lines up to and including the empty line. */
export function parseFieldLines(
  b: Uint8Array,
  start: number,
  headStart: number,
): Parsed<FieldBlock> {
  const headers: HeaderLine[] = [];
  let pos = start;
  for (;;) {
    const nl = lineEnd(b, pos, headStart);
    if (nl < 0) {
      return tooLong(b, headStart)
        ? { status: 'invalid', at: headStart, reason: `header block over ${MAX_HEAD_BYTES} B` }
        : { status: 'incomplete' };
    }
    const contentEnd = nl > pos && b[nl - 1] === 13 ? nl - 1 : nl;
    if (contentEnd === pos) return { status: 'ok', headers, end: nl + 1 };
    const first = b[pos];
    if (first === 0x20 || first === 0x09) {
      // obs-fold: a continuation of the previous field's value (RFC 9112 §5.2).
      const prev = headers.pop();
      if (!prev)
        return { status: 'invalid', at: pos, reason: 'continuation line before any header' };
      const more = utf8(b, pos, contentEnd).trim();
      headers.push({ ...prev, value: `${prev.value} ${more}` });
    } else {
      const colon = b.indexOf(0x3a, pos);
      const name = colon >= 0 && colon < contentEnd ? ascii(b, pos, colon) : '';
      if (!TOKEN.test(name)) {
        return {
          status: 'invalid',
          at: pos,
          reason: `malformed header line: ${ascii(b, pos, contentEnd, 60)}`,
        };
      }
      const value = utf8(b, colon + 1, contentEnd).trim();
      headers.push({ name, key: name.toLowerCase(), value });
    }
    pos = nl + 1;
  }
}

/** A start line that is still arriving: reject early when it cannot become valid. */
function implausiblePrefix(b: Uint8Array, start: number, kind: 'request' | 'response'): boolean {
  const end = Math.min(b.length, start + MAX_HEAD_BYTES);
  if (kind === 'response') {
    const want = 'HTTP/';
    for (let i = 0; i < want.length && start + i < end; i++) {
      if (b[start + i] !== want.charCodeAt(i)) return true;
    }
  }
  for (let i = start; i < end; i++) {
    const c = b[i] ?? 0;
    if (c === 13 && i === end - 1) break;
    if (c < 0x20 || c > 0x7e) return true;
  }
  return false;
}

/** Parses one HTTP/1.x head starting at `start` (request when kind is 'request'). */
export function parseHead(
  b: Uint8Array,
  start: number,
  kind: 'request' | 'response',
): Parsed<Head> {
  const nl = lineEnd(b, start, start);
  if (nl < 0) {
    if (tooLong(b, start)) return { status: 'invalid', at: start, reason: 'start line too long' };
    return implausiblePrefix(b, start, kind)
      ? { status: 'invalid', at: start, reason: `not an HTTP ${kind}` }
      : { status: 'incomplete' };
  }
  const startLine = lineText(b, start, nl);
  let request: Head['request'] = null;
  let response: Head['response'] = null;
  let version: string;
  if (kind === 'request') {
    const m = REQUEST_LINE.exec(startLine);
    if (!m)
      return {
        status: 'invalid',
        at: start,
        reason: `not an HTTP request line: ${startLine.slice(0, 60)}`,
      };
    request = { method: m[1] ?? '', target: m[2] ?? '' };
    version = m[3] ?? '';
  } else {
    const m = STATUS_LINE.exec(startLine);
    if (!m)
      return {
        status: 'invalid',
        at: start,
        reason: `not an HTTP status line: ${startLine.slice(0, 60)}`,
      };
    version = m[1] ?? '';
    response = { code: Number(m[2]), reason: m[3] ?? '' };
  }
  const fields = parseFieldLines(b, nl + 1, start);
  if (fields.status !== 'ok') return fields;
  return {
    status: 'ok',
    startLine,
    request,
    response,
    version,
    headers: fields.headers,
    end: fields.end,
  };
}

/** All values of a header joined as one list (RFC 9110 §5.3), or null when absent. */
export function headerValue(headers: readonly HeaderLine[], key: string): string | null {
  const values = headers.filter((h) => h.key === key).map((h) => h.value);
  return values.length === 0 ? null : values.join(', ');
}

export function headerFields(headers: readonly HeaderLine[]): DecodedField[] {
  return headers.map((h) => ({ name: h.name, value: h.value }));
}

/** Whether a list header (Connection, Upgrade, Transfer-Encoding) contains `token`. */
export function hasToken(value: string | null, token: string): boolean {
  if (value === null) return false;
  return value
    .toLowerCase()
    .split(',')
    .some((t) => t.trim() === token);
}
