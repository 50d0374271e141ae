// The HTTP responder's request parser on hand-built byte streams: split anywhere, pipelined,
// chunked, malformed, and at its limits.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HttpRequestParser,
  MAX_CHUNK_LINE_BYTES,
  MAX_HEAD_BYTES,
  MAX_HEADERS,
  type ParserEvent,
} from '../../../engine/tcp/behaviours/http-request-parser';

/** Feed the pieces in order, draining events after each, as the responder does. */
function parse(pieces: readonly (Buffer | string)[]): ParserEvent[] {
  const parser = new HttpRequestParser();
  const events: ParserEvent[] = [];
  for (const piece of pieces) {
    parser.push(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
    for (let event = parser.next(); event !== null; event = parser.next()) events.push(event);
  }
  return events;
}

function heads(events: ParserEvent[]) {
  return events.flatMap((e) => (e.type === 'head' ? [e.head] : []));
}

function errorOf(stream: string): string {
  const events = parse([stream]);
  const last = events[events.length - 1];
  assert.equal(last?.type, 'error', `expected an error for ${JSON.stringify(stream)}`);
  return last.type === 'error' ? last.reason : '';
}

const PIPELINE = [
  'GET /a?x=1 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n',
  'POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 11\r\n\r\nhello=world',
  'POST /chunks HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n' +
    '5;name=value;flag\r\nhello\r\n6 ; quoted="a;b"\r\n world\r\n0\r\nX-Checksum: abc\r\nX-Two: 2\r\n\r\n',
  '\r\n', // a stray CRLF after a body, which RFC 9112 §2.2 says to ignore
  'HEAD /h HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
  'PUT /lf HTTP/1.1\nContent-Length: 3\n\nabc', // bare LF line ends, as `nc` sends them
  'DELETE /last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
].join('');

describe('HTTP request parser', () => {
  test('a simple GET gives its head, then completion with no body', () => {
    const events = parse(['GET /path HTTP/1.1\r\nHost: example\r\nX-Empty:\r\n\r\n']);
    assert.deepEqual(events, [
      {
        type: 'head',
        head: {
          method: 'GET',
          target: '/path',
          version: '1.1',
          headers: [
            ['Host', 'example'],
            ['X-Empty', ''],
          ],
          keepAlive: true,
          expectContinue: false,
          framing: 'none',
          contentLength: 0,
        },
      },
      { type: 'complete', bodyBytes: 0, trailers: [] },
    ]);
  });

  test('a pipelined stream yields every request in order', () => {
    const events = parse([PIPELINE]);
    assert.deepEqual(
      heads(events).map((h) => [h.method, h.target, h.version, h.keepAlive, h.framing]),
      [
        ['GET', '/a?x=1', '1.1', true, 'none'],
        ['POST', '/form', '1.1', true, 'length'],
        ['POST', '/chunks', '1.1', true, 'chunked'],
        ['HEAD', '/h', '1.0', true, 'none'],
        ['PUT', '/lf', '1.1', true, 'length'],
        ['DELETE', '/last', '1.1', false, 'none'],
      ],
    );
    const completions = events.filter((e) => e.type === 'complete');
    assert.deepEqual(
      completions.map((e) => (e.type === 'complete' ? e.bodyBytes : -1)),
      [0, 11, 11, 0, 3, 0],
    );
    assert.deepEqual(completions[2], {
      type: 'complete',
      bodyBytes: 11,
      trailers: [
        ['X-Checksum', 'abc'],
        ['X-Two', '2'],
      ],
    });
    assert.equal(events.length, 12, 'head + complete per request, nothing else');
  });

  test('the pipelined stream split at every byte boundary yields the same events', () => {
    const expected = parse([PIPELINE]);
    const bytes = Buffer.from(PIPELINE, 'latin1');
    for (let at = 0; at <= bytes.length; at++) {
      const split = parse([bytes.subarray(0, at), bytes.subarray(at)]);
      assert.deepEqual(split, expected, `split at byte ${at}`);
    }
  });

  test('the pipelined stream fed one byte at a time yields the same events', () => {
    const bytes = Buffer.from(PIPELINE, 'latin1');
    const pieces = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    assert.deepEqual(parse(pieces), parse([PIPELINE]));
  });

  test('Content-Length bodies are counted, not buffered, across many reads', () => {
    const size = 5 * 1024 * 1024;
    const parser = new HttpRequestParser();
    parser.push(Buffer.from(`POST /big HTTP/1.1\r\nContent-Length: ${size}\r\n\r\n`));
    assert.equal(parser.next()?.type, 'head');
    const piece = Buffer.alloc(64 * 1024, 0x61);
    for (let sent = 0; sent < size; sent += piece.length) {
      assert.equal(parser.next(), null, 'no completion before the last body byte');
      parser.push(piece);
    }
    parser.push(Buffer.from('GET /next HTTP/1.1\r\n\r\n'));
    assert.deepEqual(parser.next(), { type: 'complete', bodyBytes: size, trailers: [] });
    assert.equal(parser.next()?.type, 'head');
  });

  test('duplicate identical Content-Length values are one length', () => {
    const events = parse([
      'POST / HTTP/1.1\r\nContent-Length: 3, 3\r\nContent-Length: 003\r\n\r\nabc',
    ]);
    assert.equal(heads(events)[0]?.contentLength, 3);
    assert.deepEqual(events[1], { type: 'complete', bodyBytes: 3, trailers: [] });
  });

  test('chunked bodies: extensions, upper-case hex, zero padding, trailers', () => {
    const body =
      'A;ext=1\r\n0123456789\r\n00f\r\n0123456789abcde\r\n000;last\r\nTrailer: yes\r\n\r\n';
    const events = parse([`POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n${body}`]);
    assert.deepEqual(events[1], {
      type: 'complete',
      bodyBytes: 25,
      trailers: [['Trailer', 'yes']],
    });
  });

  test('keep-alive follows the version and the Connection header', () => {
    const keepAlive = (request: string) => heads(parse([request]))[0]?.keepAlive;
    assert.equal(keepAlive('GET / HTTP/1.1\r\n\r\n'), true);
    assert.equal(keepAlive('GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n'), false);
    assert.equal(keepAlive('GET / HTTP/1.0\r\n\r\n'), false);
    assert.equal(keepAlive('GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n'), true);
    assert.equal(keepAlive('GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n'), false);
    assert.equal(heads(parse(['GET / HTTP/1.9\r\n\r\n']))[0]?.version, '1.1');
  });

  test('Expect: 100-continue is reported for HTTP/1.1 only', () => {
    const expect = (request: string) => heads(parse([request]))[0]?.expectContinue;
    assert.equal(
      expect('POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n'),
      true,
    );
    assert.equal(
      expect('POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n'),
      false,
    );
    assert.equal(expect('POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\n'), false);
  });

  const malformed: [string, string, RegExp][] = [
    ['HTTP/0.9 request line', 'GET /\r\n\r\n', /malformed request line/],
    ['double space', 'GET  / HTTP/1.1\r\n\r\n', /malformed request line/],
    ['bad method', 'GE(T / HTTP/1.1\r\n\r\n', /invalid method/],
    ['control in target', 'GET /\x01 HTTP/1.1\r\n\r\n', /invalid request target/],
    ['bad version', 'GET / HTTP/1.x\r\n\r\n', /invalid HTTP version "HTTP\/1.x"/],
    ['lower-case version', 'GET / http/1.1\r\n\r\n', /invalid HTTP version/],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', /unsupported HTTP version "HTTP\/2.0"/],
    ['header without colon', 'GET / HTTP/1.1\r\nHost localhost\r\n\r\n', /without a colon/],
    [
      'space before colon',
      'GET / HTTP/1.1\r\nHost : x\r\n\r\n',
      /whitespace before the colon in header "Host"/,
    ],
    ['empty name', 'GET / HTTP/1.1\r\n: x\r\n\r\n', /empty name/],
    ['bad name', 'GET / HTTP/1.1\r\nX(y): z\r\n\r\n', /invalid header name/],
    ['obs-fold', 'GET / HTTP/1.1\r\nX-A: 1\r\n  more\r\n\r\n', /obsolete line folding/],
    [
      'bare CR in a value',
      'GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n',
      /invalid character in the value of header "X-A"/,
    ],
    ['NUL in a value', 'GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n', /invalid character/],
    [
      'both Content-Length and Transfer-Encoding',
      'POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n',
      /both Content-Length and Transfer-Encoding/,
    ],
    [
      'TE not ending in chunked',
      'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n',
      /does not end with chunked/,
    ],
    [
      'chunked twice',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n',
      /more than once/,
    ],
    ['TE in HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', /HTTP\/1.0/],
    [
      'non-numeric length',
      'POST / HTTP/1.1\r\nContent-Length: 12a\r\n\r\n',
      /non-numeric Content-Length "12a"/,
    ],
    [
      'negative length',
      'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
      /non-numeric Content-Length/,
    ],
    ['empty length', 'POST / HTTP/1.1\r\nContent-Length:\r\n\r\n', /empty Content-Length/],
    [
      'conflicting list',
      'POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n',
      /conflicting Content-Length/,
    ],
    [
      'conflicting fields',
      'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n',
      /conflicting Content-Length/,
    ],
    ['huge length', 'POST / HTTP/1.1\r\nContent-Length: 12345678901234567\r\n\r\n', /too large/],
    [
      'chunk size not hex',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      /invalid chunk size/,
    ],
    [
      'empty chunk size',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\r\n',
      /invalid chunk size/,
    ],
    [
      'negative chunk size',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n',
      /invalid chunk size/,
    ],
    [
      'chunk longer than its size',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n',
      /chunk data longer than its size/,
    ],
    [
      'bad trailer',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n',
      /in trailers: header line without a colon/,
    ],
  ];
  for (const [name, stream, reason] of malformed) {
    test(`malformed: ${name}`, () => assert.match(errorOf(stream), reason));
  }

  test('peer text in a reason is quoted as printable ASCII and clipped', () => {
    const reason = errorOf(`GET / HTTP/1.1\r\n\xff\x1b[31m${'x'.repeat(100)}\r\n\r\n`);
    assert.match(reason, /^header line without a colon: "\?\?\[31mx+…"$/);
    assert.ok(reason.length < 100);
  });

  test('after an error nothing further is parsed', () => {
    const parser = new HttpRequestParser();
    parser.push(Buffer.from('BROKEN\r\n\r\nGET / HTTP/1.1\r\n\r\n'));
    assert.equal(parser.next()?.type, 'error');
    assert.equal(parser.next(), null);
    parser.push(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    assert.equal(parser.next(), null);
  });

  test(`a head of exactly ${MAX_HEAD_BYTES} bytes is accepted, one byte more is not`, () => {
    const head = (size: number) => {
      const start = 'GET / HTTP/1.1\r\nX-Pad: ';
      return `${start}${'p'.repeat(size - start.length - 4)}\r\n\r\n`;
    };
    assert.equal(head(MAX_HEAD_BYTES).length, MAX_HEAD_BYTES);
    assert.equal(parse([head(MAX_HEAD_BYTES)])[1]?.type, 'complete');
    assert.match(errorOf(head(MAX_HEAD_BYTES + 1)), /request head larger than 64 KiB/);
  });

  test('an endless header line is rejected as soon as it passes the limit, not at its end', () => {
    const parser = new HttpRequestParser();
    parser.push(Buffer.from('GET / HTTP/1.1\r\nX-Endless: '));
    const piece = Buffer.alloc(1024, 0x61);
    let sent = 0;
    let event: ParserEvent | null = null;
    while (event === null && sent < 2 * MAX_HEAD_BYTES) {
      parser.push(piece);
      sent += piece.length;
      event = parser.next();
    }
    assert.equal(event?.type, 'error');
    assert.ok(sent <= MAX_HEAD_BYTES, `rejected after ${sent} bytes`);
  });

  test('stray empty lines count against the head limit too', () => {
    assert.match(errorOf('\r\n'.repeat(MAX_HEAD_BYTES / 2 + 1)), /larger than 64 KiB/);
  });

  test(`${MAX_HEADERS} header fields are accepted, ${MAX_HEADERS + 1} are not`, () => {
    const request = (count: number) =>
      `GET / HTTP/1.1\r\n${Array.from({ length: count }, (_, i) => `H${i}: v\r\n`).join('')}\r\n`;
    assert.equal(heads(parse([request(MAX_HEADERS)]))[0]?.headers.length, MAX_HEADERS);
    assert.match(errorOf(request(MAX_HEADERS + 1)), /more than 200 header fields/);
  });

  test('a chunk-size line beyond its limit is rejected', () => {
    const ext = ';x='.padEnd(MAX_CHUNK_LINE_BYTES, 'e');
    const stream = `POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1${ext}\r\na\r\n0\r\n\r\n`;
    assert.match(errorOf(stream), /chunk-size line longer than 16 KiB/);
  });

  test('a chunked body split inside every line still counts every byte', () => {
    const stream =
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a=b\r\nx\r\n2\r\nyz\r\n0\r\n\r\n';
    const expected = parse([stream]);
    assert.deepEqual(expected[1], { type: 'complete', bodyBytes: 3, trailers: [] });
    for (let a = 1; a < stream.length; a += 3) {
      for (let b = a; b < stream.length; b += 5) {
        const pieces = [stream.slice(0, a), stream.slice(a, b), stream.slice(b)];
        assert.deepEqual(parse(pieces), expected, `split at ${a} and ${b}`);
      }
    }
  });
});
