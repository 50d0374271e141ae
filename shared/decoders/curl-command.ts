// "Copy as curl": a POSIX shell command that makes curl send a captured HTTP/1.x request again —
// the same method, target, version, header fields (in order, duplicates too) and body bytes.
// The decoded message's fields are display text (escaped, cut at 4 KiB, the title at 200 chars),
// so the head is re-read here from its raw bytes; the body comes de-chunked from the decoder.

import type { ByteRange, DecodedMessage } from './types';

/** Larger bodies go to a file the command names: a pasted command stays readable. */
export const MAX_INLINE_BODY = 64 * 1024;

export interface CurlSource {
  /** Raw bytes of the request head: the request line through the empty line. */
  readonly head: Uint8Array;
  /** The decoded body (chunked framing removed), or null when the request has none. */
  readonly body: { readonly bytes: Uint8Array; readonly complete: boolean } | null;
  readonly connectionId: number;
  /** 1-based number of the request in its connection, for the body file's name. */
  readonly requestNumber: number;
  /** Where the connection arrived: the URL's host when the request has no usable Host. */
  readonly local: { readonly address: string; readonly port: number };
}

export interface CurlCommand {
  readonly command: string;
  /** A body the command reads with `--data-binary @name`: save it beside where curl runs. */
  readonly bodyFile: { readonly name: string; readonly bytes: Uint8Array } | null;
  /** Why the command leaves the body out (it is incomplete), or null. */
  readonly bodyOmitted: string | null;
  /** What curl will send differently from the capture, in words. */
  readonly notes: readonly string[];
}

export type CurlOutcome =
  | { readonly ok: true; readonly value: CurlCommand }
  | { readonly ok: false; readonly reason: string };

interface HeaderField {
  readonly name: string;
  readonly key: string;
  readonly value: string;
}

interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: readonly HeaderField[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^(\S+) (\S+) (HTTP\/\d\.\d)$/;
/** HTAB may be in a field; LF and CR also in a text body. Other C0 controls and DEL may not. */
const FIELD_CONTROLS_ALLOWED = [9];
const BODY_CONTROLS_ALLOWED = [9, 10, 13];
/** Words a POSIX shell reads literally without quotes. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** A Host value that is safe to put in a URL as its authority. */
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::\d{1,5})?$/;
/** An origin-form target curl keeps as it is inside a URL (printable ASCII, no fragment). */
const PLAIN_PATH = /^\/[!-"$-~]*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;
/** URL characters curl would read as a glob pattern unless told --globoff. */
const GLOB = /[[\]{}]/;

function hasControl(text: string, allowed: readonly number[]): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !allowed.includes(c)) return true;
  }
  return false;
}

/** Always single-quoted: header arguments read alike whether or not they need it. */
function singleQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A POSIX shell word: bare when safe, else single-quoted with ' written as '\''. */
export function shellQuote(word: string): string {
  return SHELL_SAFE.test(word) ? word : singleQuote(word);
}

/**
 * Bytes as UTF-8 text, or null when they are not well-formed UTF-8. decodeURIComponent is a
 * strict decoder (no overlongs, no surrogates) that shared/ has without TextDecoder.
 */
function strictUtf8(bytes: Uint8Array): string | null {
  const parts: string[] = [];
  for (const b of bytes) parts.push(b < 16 ? `%0${b.toString(16)}` : `%${b.toString(16)}`);
  try {
    return decodeURIComponent(parts.join(''));
  } catch {
    return null;
  }
}

/** Where a request's head lies in the stream: the bytes buildCurlCommand wants as `head`. */
export function requestHeadRange(message: DecodedMessage): ByteRange {
  const { direction, offset, length } = message.range;
  const end = message.body ? message.body.range.offset : offset + length;
  return { direction, offset, length: end - offset };
}

function parseRequestHead(bytes: Uint8Array): RequestHead | string {
  const text = strictUtf8(bytes);
  if (text === null) return 'the request head holds bytes that are not UTF-8 text';
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const start = REQUEST_LINE.exec(lines[0] ?? '');
  if (!start) return 'the request line is not "METHOD target HTTP/x.y"';
  const [, method = '', target = '', version = ''] = start;
  if (!TOKEN.test(method)) return 'the method is not a token';
  if (hasControl(target, FIELD_CONTROLS_ALLOWED))
    return 'the request target holds control characters';
  const headers: HeaderField[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      // obs-fold: the line continues the previous field's value (RFC 9112 §5.2).
      const prev = headers.pop();
      if (!prev) return 'a continuation line comes before any header';
      headers.push({ ...prev, value: `${prev.value} ${line.trim()}`.trim() });
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!TOKEN.test(name)) return 'a header line is malformed';
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (hasControl(value, FIELD_CONTROLS_ALLOWED))
      return `the ${name} header holds control characters`;
    headers.push({ name, key: name.toLowerCase(), value });
  }
  return { method, target, version, headers };
}

/** The URL's host[:port]: the Host header when it is a plain authority, else the local address. */
function authorityOf(head: RequestHead, local: CurlSource['local']): string {
  const host = head.headers.find((h) => h.key === 'host')?.value ?? '';
  if (AUTHORITY.test(host)) return host;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(local.address)?.[1];
  const address = mapped ?? local.address;
  const literal = address.includes(':') ? `[${address.replace(/%/g, '%25')}]` : address;
  return `${literal}:${local.port}`;
}

/** URL and the options that keep curl from altering the target. */
function urlArgs(head: RequestHead, authority: string): string[][] {
  const { target } = head;
  if (PLAIN_PATH.test(target)) {
    const url = `http://${authority}${target}`;
    const path = target.split('?')[0] ?? '';
    const opts: string[] = [];
    if (GLOB.test(url)) opts.push('--globoff');
    if (DOT_SEGMENT.test(path)) opts.push('--path-as-is');
    return opts.length > 0 ? [[shellQuote(url)], opts] : [[shellQuote(url)]];
  }
  // "*", absolute-form, non-ASCII: sent verbatim, to the same place.
  const url = `http://${authority}/`;
  const opts = GLOB.test(url) ? ['--globoff'] : [];
  return [[shellQuote(url)], [...opts, '--request-target', shellQuote(target)]];
}

function bodyText(bytes: Uint8Array): string | null {
  if (bytes.length > MAX_INLINE_BODY) return null;
  const text = strictUtf8(bytes);
  return text === null || hasControl(text, BODY_CONTROLS_ALLOWED) ? null : text;
}

function has(head: RequestHead, key: string): boolean {
  return head.headers.some((h) => h.key === key);
}

/** Builds the curl command for one captured request, or says why it cannot. */
export function buildCurlCommand(source: CurlSource): CurlOutcome {
  const head = parseRequestHead(source.head);
  if (typeof head === 'string') return { ok: false, reason: `Cannot copy as curl: ${head}.` };
  const notes: string[] = [];
  const [url = [], ...urlOptions] = urlArgs(head, authorityOf(head, source.local));
  const lines: string[][] = [['curl', ...url], ...urlOptions];

  const { body } = source;
  // Content-Length: 0 has no decoded body but is still a body curl should send (as '').
  const framed = has(head, 'content-length') || has(head, 'transfer-encoding');
  const bodyOmitted =
    body && !body.complete
      ? `The body is incomplete (${body.bytes.length} bytes captured), so the command leaves it out.`
      : null;
  const sendBody = bodyOmitted === null && (body !== null || framed);

  const flags: string[] = [];
  if (head.version === 'HTTP/1.0') flags.push('--http1.0');
  else if (head.version !== 'HTTP/1.1') notes.push(`curl sends ${head.version} as HTTP/1.1.`);
  if (head.method === 'HEAD' && !sendBody) flags.push('--head');
  else if (head.method !== (sendBody ? 'POST' : 'GET')) flags.push('-X', shellQuote(head.method));
  const encodings = head.headers.find((h) => h.key === 'accept-encoding')?.value ?? '';
  // Only with the client's own Accept-Encoding: curl then adds none and decodes the answer.
  if (/(?:^|[\s,])(?:x-)?(?:gzip|deflate)(?:[\s,;]|$)/i.test(encodings)) flags.push('--compressed');
  if (flags.length > 0) lines.push(flags);

  for (const h of head.headers) {
    // curl frames the body itself (chunked bodies are sent de-chunked, with a length).
    if (h.key === 'content-length' || h.key === 'transfer-encoding') continue;
    // "Name:" would remove a curl header; "Name;" is curl's way to send an empty value.
    lines.push(['-H', singleQuote(h.value === '' ? `${h.name};` : `${h.name}: ${h.value}`)]);
  }
  const codings = head.headers.find((h) => h.key === 'transfer-encoding')?.value ?? '';
  if (codings !== '' && !/^chunked$/i.test(codings)) {
    notes.push(`The body goes as captured under Transfer-Encoding ${codings}, without the header.`);
  }
  if (head.headers.filter((h) => h.key === 'host').length > 1) {
    notes.push('curl sends only the first Host header.');
  }
  // Headers curl would add on its own, removed so nothing is sent that the client did not send.
  const own = ['Host', 'User-Agent', 'Accept', ...(sendBody ? ['Content-Type', 'Expect'] : [])];
  for (const name of own) {
    if (!has(head, name.toLowerCase())) lines.push(['-H', singleQuote(`${name}:`)]);
  }

  let bodyFile: CurlCommand['bodyFile'] = null;
  if (sendBody) {
    const bytes = body?.bytes ?? new Uint8Array(0);
    const text = bodyText(bytes);
    if (text !== null) {
      // A leading @ would make --data-binary read a file; --data-raw takes it literally.
      lines.push([text.startsWith('@') ? '--data-raw' : '--data-binary', shellQuote(text)]);
    } else {
      const name = `porthole-request-${source.connectionId}-${source.requestNumber}.bin`;
      bodyFile = { name, bytes };
      lines.push(['--data-binary', `@${name}`]);
    }
  }
  const command = lines.map((words) => words.join(' ')).join(' \\\n  ');
  return { ok: true, value: { command, bodyFile, bodyOmitted, notes } };
}
