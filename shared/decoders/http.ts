// HTTP/1.x decoder: requests on 'in', responses on 'out', paired in order (request i ↔ response
// i, interim 1xx responses share their request's exchange). Stops at a protocol switch: after a
// 101 (and after an Upgrade/CONNECT request) the bytes belong to another protocol.

import type { Direction } from '../model';
import type { ConversationBytes, DecodedMessage } from './types';
import { type BodyScan, chunkedBody, fixedBody, untilClose } from './http-body';
import { type Head, hasToken, headerFields, headerValue, parseHead } from './http-head';
import { type DecoderOutput, byteRange, emptyOutput, markUnparsed } from './result';
import { oneLine } from './text';

type Framing =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly length: number }
  | { readonly kind: 'chunked' }
  | { readonly kind: 'close' }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Skips blank lines between messages (RFC 9112 §2.2 allows a stray CRLF). */
function skipBlankLines(b: Uint8Array, pos: number): number {
  let p = pos;
  while (b[p] === 13 || b[p] === 10) {
    if (b[p] === 13 && b[p + 1] !== 10) break;
    p += b[p] === 13 ? 2 : 1;
  }
  return p;
}

/** Framing from headers; `fallback` is what a message without length headers has. */
function framingOf(head: Head, fallback: 'none' | 'close'): Framing {
  const te = headerValue(head.headers, 'transfer-encoding');
  if (te !== null) {
    const codings = te
      .toLowerCase()
      .split(',')
      .map((t) => t.trim());
    if (codings[codings.length - 1] === 'chunked') return { kind: 'chunked' };
    if (fallback === 'none')
      return { kind: 'invalid', reason: 'request Transfer-Encoding does not end in chunked' };
    return { kind: 'close' };
  }
  const cl = headerValue(head.headers, 'content-length');
  if (cl !== null) {
    const values = new Set(cl.split(',').map((v) => v.trim()));
    const [only] = values;
    if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
      return { kind: 'invalid', reason: `invalid Content-Length: ${oneLine(cl, 60)}` };
    }
    const length = Number(only);
    return length === 0 ? { kind: 'none' } : { kind: 'fixed', length };
  }
  return { kind: fallback };
}

function scanBody(b: Uint8Array, start: number, framing: Framing): BodyScan | null {
  switch (framing.kind) {
    case 'fixed':
      return fixedBody(b, start, framing.length);
    case 'chunked':
      return chunkedBody(b, start);
    case 'close':
      return untilClose(b, start);
    default:
      return null;
  }
}

function message(
  direction: Direction,
  start: number,
  head: Head,
  body: BodyScan | null,
  exchange: number,
): DecodedMessage {
  const end = body ? body.end : head.end;
  return {
    direction,
    range: byteRange(direction, start, end),
    kind: direction === 'in' ? 'request' : 'response',
    title: oneLine(head.startLine),
    fields: [...headerFields(head.headers), ...(body ? body.fields : [])],
    body: body && {
      bytes: body.bytes,
      range: byteRange(direction, head.end, body.end),
      contentType: headerValue(head.headers, 'content-type'),
      contentEncoding: headerValue(head.headers, 'content-encoding')?.toLowerCase() ?? null,
      complete: body.complete,
    },
    exchange,
  };
}

/**
 * Decodes one direction's messages, yielding each head once its message is complete. The caller
 * answers each yield with null to go on, or a reason to stop there (a protocol switch): the rest
 * of the stream is then marked unparsed with that reason.
 */
function* decodeDirection(
  b: Uint8Array,
  direction: Direction,
  out: DecoderOutput,
  framingFor: (head: Head, exchange: number) => Framing,
): Generator<Head, void, string | null> {
  const kind = direction === 'in' ? 'request' : 'response';
  let pos = skipBlankLines(b, 0);
  let exchange = 0;
  while (pos < b.length) {
    const head = parseHead(b, pos, kind);
    if (head.status === 'incomplete') {
      out.partial = true;
      return;
    }
    if (head.status === 'invalid') {
      markUnparsed(out, direction, head.at, b.length, head.reason);
      return;
    }
    const framing = framingFor(head, exchange);
    if (framing.kind === 'invalid') {
      markUnparsed(out, direction, pos, b.length, framing.reason);
      return;
    }
    const body = scanBody(b, head.end, framing);
    out.messages.push(message(direction, pos, head, body, exchange));
    if (body?.error) {
      markUnparsed(out, direction, body.error.at, b.length, body.error.reason);
      return;
    }
    // Read-until-close bodies may always grow; cut bodies wait for more bytes.
    if (body && (!body.complete || framing.kind === 'close')) {
      out.partial = true;
      return;
    }
    pos = body ? body.end : head.end;
    const stop = yield head;
    if (stop !== null) {
      markUnparsed(out, direction, pos, b.length, stop);
      return;
    }
    // Interim (1xx) responses come before the final response to the same request.
    const code = head.response?.code ?? 200;
    if (code >= 200) exchange++;
    pos = skipBlankLines(b, pos);
  }
}

/** What a request asks to switch to (Upgrade with Connection: upgrade, or a CONNECT tunnel). */
function switchTarget(head: Head): string | null {
  if (head.request?.method === 'CONNECT') return 'CONNECT tunnel';
  if (!hasToken(headerValue(head.headers, 'connection'), 'upgrade')) return null;
  return headerValue(head.headers, 'upgrade');
}

function switchReason(target: string): string {
  return hasToken(target, 'websocket')
    ? 'after 101 Switching Protocols: WebSocket (use the websocket decoder)'
    : `after protocol switch: ${oneLine(target, 40)}`;
}

/**
 * Requests and responses are decoded in step: a response's framing needs its request's method
 * (HEAD), and bytes after an Upgrade/CONNECT request are HTTP again only if the server refused
 * (e.g. a 200 to "Upgrade: h2c"), so the request side waits for that response.
 */
export function decodeHttp(bytes: ConversationBytes): DecoderOutput {
  const out = emptyOutput();
  const methods: string[] = [];
  let finals = 0;
  let pending: { exchange: number; target: string } | null = null;
  const requests = decodeDirection(bytes.in, 'in', out, (head) => {
    methods.push(head.request?.method ?? '');
    return framingOf(head, 'none');
  });
  const responses = decodeDirection(bytes.out, 'out', out, (head, exchange) => {
    const code = head.response?.code ?? 0;
    const method = methods[exchange] ?? '';
    if (code < 200 || code === 204 || code === 304 || method === 'HEAD') return { kind: 'none' };
    if (method === 'CONNECT' && code < 300) return { kind: 'none' };
    return framingOf(head, 'close');
  });
  let inStep = requests.next();
  let outDone = false;
  let outStep: IteratorResult<Head, void> | null = null;
  for (;;) {
    const inDone = inStep.done === true;
    if (!inDone && pending === null && inStep.value) {
      // A request was just decoded: an upgrade request holds this side until its response.
      const target = switchTarget(inStep.value);
      if (target !== null) {
        pending = { exchange: methods.length - 1, target };
        continue;
      }
      inStep = requests.next(null);
      continue;
    }
    const outMayStep = !outDone && (methods.length > finals || inDone || pending !== null);
    if (!outMayStep) {
      if (pending !== null && !inDone) {
        // No response to the upgrade request (yet): what follows it is not known to be HTTP.
        inStep = requests.next(`after Upgrade request (${oneLine(pending.target, 40)})`);
        pending = null;
        continue;
      }
      break;
    }
    outStep = outStep === null ? responses.next() : responses.next(null);
    if (outStep.done) {
      outDone = true;
      continue;
    }
    const code = outStep.value.response?.code ?? 0;
    const answersPending = pending !== null && pending.exchange === finals;
    const switched =
      code === 101 ||
      (answersPending && pending?.target === 'CONNECT tunnel' && code >= 200 && code < 300);
    if (switched) {
      const reason = switchReason(
        pending?.target ?? headerValue(outStep.value.headers, 'upgrade') ?? 'unknown',
      );
      responses.next(reason);
      outDone = true;
      if (answersPending && !inDone) inStep = requests.next(reason);
      pending = null;
      continue;
    }
    if (code >= 200) {
      if (answersPending) {
        pending = null;
        if (!inDone) inStep = requests.next(null);
      }
      finals++;
    }
  }
  return out;
}
