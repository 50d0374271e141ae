// The request line, header lines and message framing of an HTTP/1.x request (RFC 9112). Each
// check returns a reason string instead of throwing: the reason goes, as-is, into the body of the
// 400 the client receives, so it names the problem in plain words.

export type HeaderField = readonly [name: string, value: string];

export interface RequestLine {
  readonly method: string;
  readonly target: string;
  /** '1.1' also stands for any later 1.x: minor versions are backwards compatible (RFC 9110). */
  readonly version: '1.0' | '1.1';
}

export interface RequestHead extends RequestLine {
  readonly headers: readonly HeaderField[];
  /** Whether the connection stays open after the response (RFC 9112 §9.3). */
  readonly keepAlive: boolean;
  readonly expectContinue: boolean;
  readonly framing: 'none' | 'length' | 'chunked';
  /** The body size when framing is 'length', else 0. */
  readonly contentLength: number;
}

/** RFC 9110 token: methods and header names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Request targets are visible characters; no whitespace, no controls. */
const TARGET = /^[\x21-\x7e\x80-\xff]+$/;
const VERSION = /^HTTP\/(\d)\.(\d)$/;
/** A body length beyond this cannot be counted exactly in a double. */
const MAX_LENGTH_DIGITS = 15;

/**
 * Whether text holds a control character other than HTAB: field values and chunk extensions may
 * hold HTAB and obs-text, but CR, NUL and the rest are invalid (RFC 9110 §5.5). A loop, not a
 * regex, because the lint forbids control characters in regexes.
 */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** Quote peer-supplied text for a reason: printable ASCII only, and short. */
export function quote(text: string): string {
  const clipped = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `"${clipped.replace(/[^\x20-\x7e…]/g, '?')}"`;
}

export function parseRequestLine(line: string): RequestLine | string {
  const parts = line.split(' ');
  if (parts.length !== 3) return `malformed request line ${quote(line)}`;
  const [method = '', target = '', version = ''] = parts;
  if (!TOKEN.test(method)) return `invalid method ${quote(method)}`;
  if (!TARGET.test(target)) return `invalid request target ${quote(target)}`;
  const match = VERSION.exec(version);
  if (match === null) return `invalid HTTP version ${quote(version)}`;
  if (match[1] !== '1')
    return `unsupported HTTP version ${quote(version)}: only HTTP/1.x is spoken here`;
  return { method, target, version: match[2] === '0' ? '1.0' : '1.1' };
}

/** One `name: value` line of the head or of a chunked body's trailers. */
export function parseHeaderLine(line: string): HeaderField | string {
  // Folding was how old senders continued a value; RFC 9112 §5.2 lets a server reject it, and
  // accepting it invites request smuggling through proxies that unfold differently.
  if (line.startsWith(' ') || line.startsWith('\t')) {
    return 'obsolete line folding (a header line starting with whitespace)';
  }
  const colon = line.indexOf(':');
  if (colon === -1) return `header line without a colon: ${quote(line)}`;
  const name = line.slice(0, colon);
  if (name === '') return 'header line with an empty name';
  if (/[ \t]$/.test(name)) return `whitespace before the colon in header ${quote(name.trimEnd())}`;
  if (!TOKEN.test(name)) return `invalid header name ${quote(name)}`;
  const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  if (hasControl(value)) return `invalid character in the value of header ${quote(name)}`;
  return [name, value];
}

/** All comma-separated elements of every field called `name`, trimmed and lower-cased. */
function listValues(headers: readonly HeaderField[], name: string): string[] {
  const out: string[] = [];
  for (const [field, value] of headers) {
    if (field.toLowerCase() !== name) continue;
    for (const item of value.split(',')) {
      const trimmed = item.trim().toLowerCase();
      if (trimmed !== '') out.push(trimmed);
    }
  }
  return out;
}

function hasField(headers: readonly HeaderField[], name: string): boolean {
  return headers.some(([field]) => field.toLowerCase() === name);
}

type Framing = Pick<RequestHead, 'framing' | 'contentLength'>;

/** RFC 9112 §6.3: how the body is delimited, or why it cannot be told. */
function decideFraming(line: RequestLine, headers: readonly HeaderField[]): Framing | string {
  if (hasField(headers, 'transfer-encoding')) {
    // Both present is the classic request-smuggling shape; §6.3 allows treating it as an error.
    if (hasField(headers, 'content-length')) {
      return 'both Content-Length and Transfer-Encoding (ambiguous body length)';
    }
    // HTTP/1.0 has no Transfer-Encoding, so the framing is faulty (§6.1).
    if (line.version === '1.0') return 'Transfer-Encoding in an HTTP/1.0 request';
    const codings = listValues(headers, 'transfer-encoding');
    if (codings[codings.length - 1] !== 'chunked') {
      return 'Transfer-Encoding does not end with chunked, so the body length is unknown';
    }
    if (codings.indexOf('chunked') !== codings.length - 1) return 'chunked applied more than once';
    return { framing: 'chunked', contentLength: 0 };
  }
  if (!hasField(headers, 'content-length')) return { framing: 'none', contentLength: 0 };
  const values = listValues(headers, 'content-length');
  if (values.length === 0) return 'empty Content-Length';
  let length: number | null = null;
  for (const value of values) {
    if (!/^\d+$/.test(value)) return `non-numeric Content-Length ${quote(value)}`;
    const digits = value.replace(/^0+(?=\d)/, '');
    if (digits.length > MAX_LENGTH_DIGITS) return `Content-Length ${quote(value)} is too large`;
    const parsed = Number(digits);
    if (length !== null && parsed !== length) return 'conflicting Content-Length values';
    length = parsed;
  }
  return { framing: 'length', contentLength: length ?? 0 };
}

/** Everything the responder needs from a complete head, or why the request is malformed. */
export function completeHead(
  line: RequestLine,
  headers: readonly HeaderField[],
): RequestHead | string {
  const framing = decideFraming(line, headers);
  if (typeof framing === 'string') return framing;
  const connection = listValues(headers, 'connection');
  const keepAlive =
    !connection.includes('close') && (line.version === '1.1' || connection.includes('keep-alive'));
  // 1.0 clients do not know interim responses, so only a 1.1 expectation counts.
  const expectContinue =
    line.version === '1.1' && listValues(headers, 'expect').includes('100-continue');
  return { ...line, headers, keepAlive, expectContinue, ...framing };
}
