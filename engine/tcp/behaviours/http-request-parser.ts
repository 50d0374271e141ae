// An incremental HTTP/1.x request parser for the HTTP responder. Bytes may be split anywhere
// (inside CRLF, inside a chunk-size line…) and several requests may come in one read
// (pipelining). It is pull-based: `push` buffers, `next` yields one event at a time, so the
// responder can stop pulling while the client is not reading its responses and leave the rest of
// a pipelined flood unparsed (and the socket paused) instead of queueing responses in memory.
//
// Bodies are counted and discarded as they pass, never buffered. Bare LF is accepted as a line
// end (RFC 9112 §2.2 allows it) because people type requests into `nc`, which sends LF only; a
// missing Host header is accepted for the same reason: this is a responder for poking at clients,
// not a conformance checker. What would make the message boundaries ambiguous is rejected.

import { ByteQueue, LINE_TOO_LONG, type QueueLine } from './http-byte-queue';
import {
  completeHead,
  hasControl,
  parseHeaderLine,
  parseRequestLine,
  quote,
  type HeaderField,
  type RequestHead,
  type RequestLine,
} from './http-request-head';

export type { HeaderField, RequestHead } from './http-request-head';

/** Request line + headers (and, separately, a chunked body's trailers), terminators included. */
export const MAX_HEAD_BYTES = 64 * 1024;
export const MAX_HEADERS = 200;
/** A chunk-size line with its extensions; nothing legitimate comes near this. */
export const MAX_CHUNK_LINE_BYTES = 16 * 1024;
/** Chunk sizes beyond this many hex digits cannot be counted exactly in a double. */
const MAX_CHUNK_SIZE_DIGITS = 13;

export type ParserEvent =
  /** A request head is complete; its body (if any) follows. */
  | { readonly type: 'head'; readonly head: RequestHead }
  /** The request is complete (body read and discarded): answer it. */
  | {
      readonly type: 'complete';
      readonly bodyBytes: number;
      readonly trailers: readonly HeaderField[];
    }
  /** The stream is not HTTP/1.x we can delimit; nothing further is parsed. */
  | { readonly type: 'error'; readonly reason: string };

type State =
  | 'request-line'
  | 'headers'
  | 'body'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-data-end'
  | 'trailers'
  | 'failed';

/** Returned by a step that made progress without producing an event. */
const AGAIN = 'again';
type Step = ParserEvent | null | typeof AGAIN;

const CHUNK_SIZE_LINE = /^([0-9a-fA-F]+)[ \t]*(;.*)?$/;

export class HttpRequestParser {
  private readonly queue = new ByteQueue();
  private state: State = 'request-line';
  /** Bytes of the head (or trailers) so far, against MAX_HEAD_BYTES. */
  private headBytes = 0;
  private line: RequestLine | null = null;
  private fields: HeaderField[] = [];
  /** Body bytes still expected in the current Content-Length body or chunk. */
  private remaining = 0;
  private bodyBytes = 0;

  push(data: Buffer): void {
    if (this.state !== 'failed') this.queue.push(data);
  }

  /** The next event, or null when more bytes are needed (or after an error). */
  next(): ParserEvent | null {
    for (;;) {
      const step = this.step();
      if (step !== AGAIN) return step;
    }
  }

  private step(): Step {
    switch (this.state) {
      case 'request-line':
        return this.onHeadLine((line) => this.requestLine(line));
      case 'headers':
        return this.onHeadLine((line) => this.headerLine(line));
      case 'trailers':
        return this.onHeadLine((line) => this.trailerLine(line));
      case 'body':
      case 'chunk-data':
        return this.bodyData();
      case 'chunk-size':
        return this.onLine(MAX_CHUNK_LINE_BYTES, 'chunk-size line longer than 16 KiB', (line) =>
          this.chunkSize(line),
        );
      case 'chunk-data-end':
        // Only CRLF (or LF) may follow a chunk's data.
        return this.onLine(2, 'chunk data longer than its size', (line) =>
          line === '' ? this.enter('chunk-size') : this.fail('chunk data longer than its size'),
        );
      case 'failed':
        return null;
    }
  }

  /** A line of the head or trailers, counted against the shared head budget. */
  private onHeadLine(handle: (line: string) => Step): Step {
    const budget = MAX_HEAD_BYTES - this.headBytes;
    const what = this.state === 'trailers' ? 'trailers' : 'request head';
    return this.onLine(budget, `${what} larger than ${MAX_HEAD_BYTES / 1024} KiB`, (text, size) => {
      this.headBytes += size;
      return handle(text);
    });
  }

  private onLine(max: number, tooLong: string, handle: (text: string, size: number) => Step): Step {
    const line: QueueLine | null | typeof LINE_TOO_LONG = this.queue.readLine(max);
    if (line === null) return null;
    if (line === LINE_TOO_LONG) return this.fail(tooLong);
    return handle(line.text, line.size);
  }

  private requestLine(text: string): Step {
    // RFC 9112 §2.2: ignore empty lines before a request (some clients send CRLF after a body).
    if (text === '') return AGAIN;
    const line = parseRequestLine(text);
    if (typeof line === 'string') return this.fail(line);
    this.line = line;
    return this.enter('headers');
  }

  private headerLine(text: string): Step {
    if (text === '') {
      const head = completeHead(this.line as RequestLine, this.fields);
      if (typeof head === 'string') return this.fail(head);
      this.startBody(head);
      return { type: 'head', head };
    }
    const field = this.field(text);
    if (typeof field === 'string') return this.fail(field);
    this.fields.push(field);
    return AGAIN;
  }

  private trailerLine(text: string): Step {
    if (text === '') return this.completeRequest();
    const field = this.field(text);
    if (typeof field === 'string') return this.fail(`in trailers: ${field}`);
    this.fields.push(field);
    return AGAIN;
  }

  private field(text: string): HeaderField | string {
    if (this.fields.length >= MAX_HEADERS) return `more than ${MAX_HEADERS} header fields`;
    return parseHeaderLine(text);
  }

  private startBody(head: RequestHead): void {
    this.fields = [];
    this.headBytes = 0;
    this.bodyBytes = 0;
    if (head.framing === 'chunked') {
      this.state = 'chunk-size';
    } else {
      this.remaining = head.contentLength;
      this.state = 'body';
    }
  }

  private bodyData(): Step {
    if (this.remaining > 0) {
      const skipped = this.queue.skip(this.remaining);
      if (skipped === 0) return null;
      this.remaining -= skipped;
      this.bodyBytes += skipped;
      if (this.remaining > 0) return null;
    }
    return this.state === 'chunk-data' ? this.enter('chunk-data-end') : this.completeRequest();
  }

  private chunkSize(text: string): Step {
    const match = CHUNK_SIZE_LINE.exec(text);
    const digits = match?.[1]?.replace(/^0+(?=.)/, '');
    if (match === null || digits === undefined || hasControl(match[2] ?? '')) {
      return this.fail(`invalid chunk size line ${quote(text)}`);
    }
    if (digits.length > MAX_CHUNK_SIZE_DIGITS)
      return this.fail(`chunk size ${quote(digits)} is too large`);
    this.remaining = Number.parseInt(digits, 16);
    return this.enter(this.remaining === 0 ? 'trailers' : 'chunk-data');
  }

  private completeRequest(): Step {
    const event: ParserEvent = {
      type: 'complete',
      bodyBytes: this.bodyBytes,
      trailers: this.fields,
    };
    this.fields = [];
    this.headBytes = 0;
    this.line = null;
    this.state = 'request-line';
    return event;
  }

  private enter(state: State): Step {
    this.state = state;
    return AGAIN;
  }

  private fail(reason: string): Step {
    this.state = 'failed';
    this.queue.clear();
    return { type: 'error', reason };
  }
}
