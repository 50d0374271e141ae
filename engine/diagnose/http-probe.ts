// Step 5: one HTTP/1.1 GET with "Connection: close" on the connected (or secured) socket. Reads
// the head only — at most 64 KiB — and classifies the answer by its first bytes: an HTTP status
// line, a TLS record, or something else.

import type { Duplex } from 'node:stream';
import type { HttpHeader, HttpStep } from '../../shared/diagnosis/diagnosis';
import { isTlsRecord, previewBytes, startsLikeHttp1 } from './peer-bytes';
import { elapsedSince } from './step-clock';

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_HEADERS = 50;
const MAX_HEADER_VALUE = 512;
const MAX_STATUS_LINE = 200;
const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.\d (\d{3})(?: |$)/;

export interface HttpRequestPlan {
  /** The Host header: the target as typed, so virtual hosts answer as they would a client. */
  readonly hostHeader: string;
  readonly path: string;
}

/** Header text is the peer's: control characters are escaped, never passed on raw. */
function plain(text: string, max: number): string {
  return previewBytes(Buffer.from(text.slice(0, max), 'latin1'), max);
}

type Head = Pick<
  Extract<HttpStep, { outcome: 'response' }>,
  'statusCode' | 'statusLine' | 'headers' | 'headersCut' | 'headComplete'
>;

function parseHead(bytes: Buffer, complete: boolean): Head | null {
  const text = bytes.toString('latin1');
  const lines = text.split('\r\n');
  const statusLine = lines[0] ?? '';
  // Without its line end the status line may be cut; a whole one is needed to read the code.
  if (lines.length < 2) return null;
  const code = STATUS_LINE.exec(statusLine)?.[1];
  if (code === undefined) return null;
  const headers: HttpHeader[] = [];
  let headersCut = false;
  for (const line of lines.slice(1)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (headers.length >= MAX_HEADERS) {
      headersCut = true;
      break;
    }
    const value = line.slice(colon + 1).trim();
    if (value.length > MAX_HEADER_VALUE) headersCut = true;
    headers.push({ name: plain(line.slice(0, colon), 100), value: plain(value, MAX_HEADER_VALUE) });
  }
  return {
    statusCode: Number(code),
    statusLine: plain(statusLine, MAX_STATUS_LINE),
    headers,
    headersCut,
    headComplete: complete,
  };
}

export function httpProbe(
  stream: Duplex,
  plan: HttpRequestPlan,
  timeoutMs: number,
): Promise<HttpStep> {
  const started = performance.now();
  const chunks: Buffer[] = [];
  let received = 0;
  let firstByteAt: number | null = null;
  let reset = false;
  return new Promise((resolve) => {
    let done = false;
    const finish = (step: HttpStep) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stream.off('data', onData);
      stream.destroy();
      resolve(step);
    };
    const ttfb = () => Math.round(((firstByteAt ?? performance.now()) - started) * 10) / 10;
    const bytes = () => Buffer.concat(chunks);

    /** Decide from what has arrived; `ended` when no more will come. */
    const decide = (ended: boolean) => {
      const head = bytes();
      const ms = elapsedSince(started);
      if (head.length === 0) {
        if (ended) finish({ outcome: 'closed', ms, reset });
        return;
      }
      if (head.length >= 2 && isTlsRecord(head)) {
        finish({ outcome: 'tls-record', ms, ttfbMs: ttfb(), preview: previewBytes(head) });
        return;
      }
      const http = startsLikeHttp1(head);
      if (http === false || (http === null && ended)) {
        finish({ outcome: 'not-http', ms, ttfbMs: ttfb(), preview: previewBytes(head) });
        return;
      }
      if (http === null) return;
      const end = head.indexOf(HEAD_END);
      const full = end >= 0;
      if (!full && !ended && head.length < MAX_HEAD_BYTES) return;
      const parsed = parseHead(full ? head.subarray(0, end + 2) : head, full);
      if (parsed === null) {
        finish({ outcome: 'not-http', ms, ttfbMs: ttfb(), preview: previewBytes(head) });
        return;
      }
      finish({ outcome: 'response', ms, ttfbMs: ttfb(), ...parsed });
    };

    function onData(chunk: Buffer) {
      firstByteAt ??= performance.now();
      const room = MAX_HEAD_BYTES - received;
      if (room > 0) {
        const part = chunk.subarray(0, room);
        chunks.push(part);
        received += part.length;
      }
      decide(false);
    }
    const timer = setTimeout(() => {
      // A status line that arrived without the rest of the head still answers the question.
      const head = bytes();
      if (head.length > 0 && startsLikeHttp1(head) === true && parseHead(head, false) !== null) {
        decide(true);
        return;
      }
      finish({ outcome: 'timeout', ms: elapsedSince(started), bytes: head.length });
    }, timeoutMs);
    stream.on('data', onData);
    stream.once('end', () => decide(true));
    stream.once('close', () => decide(true));
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        reset = error.code === 'ECONNRESET';
        decide(true);
        return;
      }
      finish({ outcome: 'error', ms: elapsedSince(started), code: error.code ?? null });
    });
    stream.write(
      `GET ${plan.path} HTTP/1.1\r\nHost: ${plan.hostHeader}\r\nUser-Agent: Porthole-diagnose\r\n` +
        'Accept: */*\r\nConnection: close\r\n\r\n',
    );
  });
}
