// The bytes of the HTTP responder's answers. A port answers every request with the same response,
// so each variant (keep-alive or close, with or without body) is built once per configuration and
// the same Buffer is written for every request; none of them is ever modified after building.
//
// No Date header is added. RFC 9110 §6.6.1 asks origin servers with a clock for one, but
// Porthole is a test instrument: identical requests should get byte-identical responses, so
// captures can be diffed and tests can compare exact bytes. Clients do not need Date; a user who
// wants one adds it to the configured headers (and gets exactly the value they typed).

import type { BehaviourConfig } from '../../../shared/behaviours';
import { payloadBytes } from '../../../shared/payload-spec';

export type HttpResponderConfig = Extract<BehaviourConfig, { kind: 'http' }>;

/** RFC 9110 §15 phrases for the codes people configure; others get an empty reason. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  103: 'Early Hints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
  511: 'Network Authentication Required',
};

/** Sent before reading the body of a request that carries `Expect: 100-continue`. */
export const CONTINUE_RESPONSE: Buffer = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/** The response for every request on a port, in the variants a request can call for. */
export interface HttpResponses {
  /** Index by [head request][close after sending]. */
  pick(head: boolean, close: boolean): Buffer;
  /** The configured headers say Connection: close, so every response ends the connection. */
  readonly alwaysCloses: boolean;
  /** 101: after it the connection speaks another protocol, which is recorded, not parsed. */
  readonly switchesProtocols: boolean;
}

function headersSay(headers: readonly (readonly [string, string])[], name: string): string[] {
  return headers
    .filter(([field]) => field.toLowerCase() === name)
    .flatMap(([, value]) => value.split(',').map((v) => v.trim().toLowerCase()));
}

function hasHeader(headers: readonly (readonly [string, string])[], name: string): boolean {
  return headers.some(([field]) => field.toLowerCase() === name);
}

export function buildResponses(config: HttpResponderConfig): HttpResponses {
  const { status, headers } = config;
  const reason = config.reason === '' ? (REASON_PHRASES[status] ?? '') : config.reason;
  // RFC 9110 §6.4.1: these statuses never have content. Sending the configured body anyway would
  // be read as the start of the next response on a keep-alive connection.
  const bodyless = status < 200 || status === 204 || status === 304;
  const body = bodyless ? Buffer.alloc(0) : Buffer.from(payloadBytes(config.body));
  // A user who sets the framing headers themselves gets exactly those (a wrong Content-Length is a
  // legitimate way to test how a client copes); otherwise the body's real length is announced.
  const userFraming =
    hasHeader(headers, 'content-length') || hasHeader(headers, 'transfer-encoding');
  const alwaysCloses = headersSay(headers, 'connection').includes('close');

  // Header values are sent as UTF-8, like text bodies: what the user typed, byte for byte.
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
  ];
  if (!userFraming && !bodyless) lines.push(`Content-Length: ${body.length}`);
  const head = (close: boolean): Buffer => {
    const all = close && !alwaysCloses ? [...lines, 'Connection: close'] : lines;
    return Buffer.from(`${all.join('\r\n')}\r\n\r\n`, 'utf8');
  };
  const keepAliveHead = head(false);
  const closeHead = head(true);
  // HEAD gets the same headers as GET (including Content-Length) and no body (RFC 9110 §9.3.2).
  const variants: readonly Buffer[] = [
    Buffer.concat([keepAliveHead, body]),
    Buffer.concat([closeHead, body]),
    keepAliveHead,
    closeHead,
  ];
  return {
    pick: (isHead, close) => variants[(isHead ? 2 : 0) + (close || alwaysCloses ? 1 : 0)] as Buffer,
    alwaysCloses,
    switchesProtocols: status === 101,
  };
}

/** The answer to a request that cannot be parsed: says what was wrong, then the port closes. */
export function badRequestResponse(reason: string): Buffer {
  const body = Buffer.from(`Bad request: ${reason}\n`, 'utf8');
  const head =
    'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
