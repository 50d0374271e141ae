// Protocol detection (shared/detect) on realistic first bytes: one sample per protocol, the
// look-alikes it must not claim, input split at every byte, and properties over arbitrary bytes.
// The engine's use of it, on real sockets, is in detect-engine.test.ts.

import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CaptureTotals } from '../../engine/core/capture-totals';
import { ConnectionRecorder } from '../../engine/recording/connection-recorder';
import { ProtocolDetector } from '../../engine/recording/protocol-detector';
import {
  detectDirection,
  isWebSocketUpgrade,
  MAX_DETECT_BYTES,
  refineConnection,
} from '../../shared/detect';
import { DETECTED_PROTOCOLS, type DetectedProtocol, type Direction } from '../../shared/model';

const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)));
const int32 = (n: number): number[] => [
  (n >>> 24) & 255,
  (n >>> 16) & 255,
  (n >>> 8) & 255,
  n & 255,
];

/** What Node's TLS client really sends first, caught by a plain TCP server. */
async function realClientHello(): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let resolveHello: (hello: Uint8Array) => void = () => undefined;
  const hello = new Promise<Uint8Array>((resolve) => (resolveHello = resolve));
  const server = createServer((socket) => {
    socket.on('data', (data: Buffer) => {
      parts.push(data);
      const all = Buffer.concat(parts);
      if (all.length >= 5 && all.length >= 5 + all.readUInt16BE(3)) {
        resolveHello(new Uint8Array(all));
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = tlsConnect({ port, host: '127.0.0.1', servername: 'localhost' });
  client.on('error', () => undefined);
  try {
    return await hello;
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const HTTP_GET = ascii(
  'GET /orders?id=7 HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n',
);
const HTTP_POST = ascii(
  'POST /api/items HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"name":"x"}\n',
);
const HTTP_RESPONSE = ascii('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
const H2_PREFACE = ascii('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** Server SETTINGS: MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW_SIZE 65535. */
const H2_SETTINGS = bytes([0, 0, 12, 4, 0, 0, 0, 0, 0], [0, 3, 0, 0, 0, 100, 0, 4, 0, 0, 255, 255]);
/** A TLS 1.2 ServerHello record header and the start of the message. */
const TLS_SERVER_HELLO = bytes(
  [0x16, 3, 3, 0, 0x5a, 2, 0, 0, 0x56, 3, 3],
  Array<number>(32).fill(7),
);
const RESP_SET = ascii('*3\r\n$3\r\nSET\r\n$5\r\nmykey\r\n$5\r\nhello\r\n');
const PG_PARAMS = 'user\0postgres\0database\0app\0application_name\0psql\0\0';
const PG_STARTUP = bytes(int32(8 + PG_PARAMS.length), int32(196_608), PG_PARAMS);
const PG_SSL_REQUEST = bytes(int32(8), int32(80_877_103));
/** AuthenticationOk then ParameterStatus. */
const PG_AUTH_OK = bytes('R', int32(8), int32(0), 'S', int32(25), 'server_version\0' + '16.2\0');
const MQTT_BODY = bytes([0, 4], 'MQTT', [4, 2, 0, 60, 0, 8], 'client-1');
const MQTT_CONNECT = bytes([0x10, MQTT_BODY.length], [...MQTT_BODY]);
const SSH_BANNER = ascii('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n');
const TEXT = bytes('Hello from a line-based protocol — ünïcödé included.\r\nsecond line\tdone\r\n');
const BINARY = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR');

function detect(
  data: Uint8Array,
  direction: Direction = 'in',
  other: DetectedProtocol | null = null,
) {
  return detectDirection(data, direction, other);
}

describe('detectDirection: each protocol from its first bytes', () => {
  const cases: [string, Uint8Array, Direction, DetectedProtocol | null, DetectedProtocol][] = [
    ['HTTP GET', HTTP_GET, 'in', null, 'http'],
    ['HTTP POST with body', HTTP_POST, 'in', null, 'http'],
    ['HTTP response', HTTP_RESPONSE, 'out', 'http', 'http'],
    ['HTTP/2 client preface', H2_PREFACE, 'in', null, 'http2'],
    ['HTTP/2 server SETTINGS', H2_SETTINGS, 'out', 'http2', 'http2'],
    ['TLS ServerHello', TLS_SERVER_HELLO, 'out', 'tls', 'tls'],
    ['TLS alert answering a hello', bytes([0x15, 3, 3, 0, 2, 2, 40]), 'out', 'tls', 'tls'],
    ['Redis command array', RESP_SET, 'in', null, 'redis'],
    ['Redis inline PING', ascii('PING\r\n'), 'in', null, 'redis'],
    ['Redis simple-string reply', ascii('+OK\r\n'), 'out', 'redis', 'redis'],
    ['Redis bulk reply', ascii('$5\r\nhello\r\n'), 'out', 'redis', 'redis'],
    ['PostgreSQL startup', PG_STARTUP, 'in', null, 'postgres'],
    ['PostgreSQL SSLRequest', PG_SSL_REQUEST, 'in', null, 'postgres'],
    [
      'PostgreSQL CancelRequest',
      bytes(int32(16), int32(80_877_102), int32(42), int32(7)),
      'in',
      null,
      'postgres',
    ],
    ['PostgreSQL "no SSL" answer', ascii('N'), 'out', 'postgres', 'postgres'],
    ['PostgreSQL AuthenticationOk', PG_AUTH_OK, 'out', 'postgres', 'postgres'],
    ['MQTT CONNECT', MQTT_CONNECT, 'in', null, 'mqtt'],
    [
      'MQTT 3.1 CONNECT',
      bytes([0x10, 20, 0, 6], 'MQIsdp', [3, 2, 0, 60, 0, 6], 'abcdef'),
      'in',
      null,
      'mqtt',
    ],
    ['MQTT CONNACK', bytes([0x20, 2, 0, 0]), 'out', 'mqtt', 'mqtt'],
    ['SSH client banner', SSH_BANNER, 'in', null, 'ssh'],
    ['SSH server banner (server speaks first)', SSH_BANNER, 'out', null, 'ssh'],
    ['echoed RESP', RESP_SET, 'out', 'redis', 'redis'],
  ];
  for (const [name, data, direction, other, protocol] of cases) {
    test(name, () => {
      assert.deepEqual(detect(data, direction, other), { protocol, final: true });
    });
  }

  test('a real TLS ClientHello from node:tls', async () => {
    const hello = await realClientHello();
    assert.deepEqual(detect(hello), { protocol: 'tls', final: true });
    assert.deepEqual(detect(hello.subarray(0, 10)), { protocol: 'tls', final: true });
  });

  test('text and binary', () => {
    assert.deepEqual(detect(TEXT), { protocol: 'text', final: true });
    assert.deepEqual(detect(BINARY), { protocol: 'binary', final: true }, 'a NUL settles binary');
    const noisy = new Uint8Array(200).map((_, i) => (i % 2 === 0 ? 0x01 : 0x41));
    assert.deepEqual(detect(noisy), { protocol: 'binary', final: true });
    assert.deepEqual(
      detect(ascii('hi\n')),
      { protocol: 'text', final: false },
      'too short to settle',
    );
    assert.deepEqual(detect(bytes([0xc3])), { protocol: 'text', final: false }, 'a cut UTF-8 char');
    assert.deepEqual(detect(bytes([0xc0, 0xaf, 0xff])), { protocol: 'binary', final: false });
  });
});

describe('detectDirection: look-alikes stay text or binary', () => {
  const long = (line: string): Uint8Array => ascii(line.padEnd(80, '.') + '\r\n');
  const cases: [string, Uint8Array, Direction, DetectedProtocol | null][] = [
    ['prose with a capital first word', long('HELLO there, how are you'), 'in', null],
    ['lower-case method', long('get / HTTP/1.1'), 'in', null],
    ['HTTP/2 request line', long('GET / HTTP/2.0'), 'in', null],
    ['a reply-like line from a client', long('+1 to that'), 'in', null],
    ['a reply-like line to a non-Redis client', long('-ERR nope'), 'out', 'text'],
    ['markdown bullet', long('* item one'), 'in', null],
    ['an inline Redis command other than PING', long('SET key value'), 'in', null],
    ['"N" from a server whose client is not PostgreSQL', long('No.'), 'out', 'text'],
    ['SETTINGS-like bytes to a non-HTTP/2 client', H2_SETTINGS, 'out', 'binary'],
    ['ServerHello bytes from a client', TLS_SERVER_HELLO, 'in', null],
    ['SSH-1.5 (not supported)', long('SSH-1.5-old'), 'in', null],
  ];
  for (const [name, data, direction, other] of cases) {
    test(name, () => {
      const verdict = detect(data, direction, other);
      assert.ok(verdict.final, 'settled');
      assert.ok(['text', 'binary'].includes(verdict.protocol), `got ${verdict.protocol}`);
    });
  }
});

describe('detectDirection: split input', () => {
  const samples: [Uint8Array, Direction, DetectedProtocol | null][] = [
    [HTTP_GET, 'in', null],
    [HTTP_RESPONSE, 'out', 'http'],
    [H2_PREFACE, 'in', null],
    [H2_SETTINGS, 'out', 'http2'],
    [RESP_SET, 'in', null],
    [PG_STARTUP, 'in', null],
    [PG_SSL_REQUEST, 'in', null],
    [MQTT_CONNECT, 'in', null],
    [SSH_BANNER, 'in', null],
    [TLS_SERVER_HELLO, 'out', 'tls'],
  ];

  test('short prefixes are provisional, and any settled answer is the final one', () => {
    for (const [data, direction, other] of samples) {
      const full = detect(data, direction, other);
      assert.equal(full.final, true);
      assert.equal(detect(data.subarray(0, 3), direction, other).final, false);
      for (let cut = 1; cut <= data.length; cut++) {
        const part = detect(data.subarray(0, cut), direction, other);
        if (part.final) assert.equal(part.protocol, full.protocol, `cut at ${cut}`);
      }
    }
  });

  test('an HTTP head is read to its end', () => {
    const head = HTTP_GET.subarray(0, 30);
    assert.deepEqual(detect(head), { protocol: 'http', final: false });
    assert.deepEqual(detect(ascii('GET / HT')), { protocol: 'text', final: false });
  });
});

describe('WebSocket upgrade', () => {
  const request = ascii(
    'GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const response = ascii(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\x81\x05hello',
  );

  test('a 101 answer to Upgrade: websocket', () => {
    assert.equal(isWebSocketUpgrade(request, response), true);
    const http = { in: 'http', out: 'http' } as const;
    assert.deepEqual(refineConnection(http, request, response), {
      in: 'websocket',
      out: 'websocket',
    });
  });

  test('not without the request header, the 101, the response header or a whole head', () => {
    assert.equal(isWebSocketUpgrade(HTTP_GET, response), false);
    assert.equal(isWebSocketUpgrade(request, HTTP_RESPONSE), false);
    assert.equal(
      isWebSocketUpgrade(request, ascii('HTTP/1.1 101 OK\r\nUpgrade: h2c\r\n\r\n')),
      false,
    );
    assert.equal(isWebSocketUpgrade(request, response.subarray(0, 40)), false);
    assert.deepEqual(refineConnection({ in: 'http', out: null }, request, response), {
      in: 'http',
      out: null,
    });
  });
});

describe('ProtocolDetector (the engine side)', () => {
  /** Feeds `data` in reads of `size` bytes. */
  const feed = (d: ProtocolDetector, dir: 0 | 1, data: Uint8Array, size: number): void => {
    for (let i = 0; i < data.length; i += size) d.feed(dir, data.subarray(i, i + size));
  };

  test('byte-at-a-time reads reach the same answers and then stop looking', () => {
    const d = new ProtocolDetector();
    feed(d, 0, PG_SSL_REQUEST, 1);
    feed(d, 1, ascii('N'), 1);
    assert.deepEqual(d.detected(), { in: 'postgres', out: 'postgres' });
    assert.deepEqual(d.looking, [false, false]);
  });

  test('a server answer is re-read once the client side settles', () => {
    const d = new ProtocolDetector();
    feed(d, 0, H2_PREFACE.subarray(0, 10), 10);
    feed(d, 1, H2_SETTINGS, 100);
    assert.equal(d.looking[1], true, 'provisional while the client side may change');
    feed(d, 0, H2_PREFACE.subarray(10), 100);
    assert.deepEqual(d.detected(), { in: 'http2', out: 'http2' });
    assert.deepEqual(d.looking, [false, false]);
  });

  test('an upgrade split over many reads becomes websocket both ways', () => {
    const d = new ProtocolDetector();
    feed(d, 0, ascii('GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'), 7);
    assert.deepEqual(d.detected(), { in: 'http', out: null });
    feed(d, 1, ascii('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'), 5);
    assert.deepEqual(d.detected(), { in: 'websocket', out: 'websocket' });
    assert.deepEqual(d.looking, [false, false]);
  });

  test('gives up at the limit', () => {
    const d = new ProtocolDetector();
    feed(d, 0, ascii('GET /' + 'a'.repeat(MAX_DETECT_BYTES)), 1000);
    assert.deepEqual(d.looking, [false, true]);
    assert.deepEqual(d.detected(), { in: 'text', out: null });
  });

  test('the recorder detects what it records, even bytes past the caps, and keeps the answer', () => {
    const totals = new CaptureTotals({ perConnectionBytes: 4 });
    const recorder = new ConnectionRecorder(totals, 100, 0);
    assert.deepEqual(recorder.detected(), { in: null, out: null });
    recorder.record(0, MQTT_CONNECT, 1);
    recorder.record(1, bytes([0x20, 2, 0, 0]), 2);
    assert.equal(recorder.stats('in').captured, 4, 'capture was cut');
    recorder.compact();
    assert.deepEqual(recorder.detected(), { in: 'mqtt', out: 'mqtt' });
  });
});

describe('detectDirection: properties', () => {
  const direction = fc.constantFrom<Direction>('in', 'out');
  const other = fc.constantFrom<DetectedProtocol | null>(null, ...DETECTED_PROTOCOLS);
  const known = [HTTP_GET, H2_PREFACE, H2_SETTINGS, RESP_SET, PG_STARTUP, MQTT_CONNECT, SSH_BANNER];
  /** Arbitrary bytes, or a real opening followed by arbitrary bytes (to reach deep branches). */
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 5000 }),
    fc
      .tuple(fc.constantFrom(...known), fc.uint8Array({ maxLength: 200 }))
      .map(([head, tail]) => new Uint8Array([...head, ...tail])),
  );

  test('never throws; always a valid protocol; always settled at the limit', () => {
    fc.assert(
      fc.property(input, direction, other, (data, dir, o) => {
        const verdict = detectDirection(data, dir, o);
        assert.ok(DETECTED_PROTOCOLS.includes(verdict.protocol));
        assert.notEqual(verdict.protocol, 'websocket', 'only refineConnection says websocket');
        if (data.length >= MAX_DETECT_BYTES) assert.equal(verdict.final, true);
      }),
      { numRuns: 500 },
    );
  });

  test('a settled protocol never changes with more bytes', () => {
    fc.assert(
      fc.property(input, fc.nat(), direction, other, (data, cut, dir, o) => {
        const part = detectDirection(data.subarray(0, cut % (data.length + 1)), dir, o);
        if (!part.final) return;
        const whole = detectDirection(data, dir, o);
        const named = (p: DetectedProtocol): boolean => p !== 'text' && p !== 'binary';
        // Text against binary is a judgement on the sample; a named protocol is a fact.
        if (named(part.protocol)) assert.equal(whole.protocol, part.protocol);
        else assert.ok(!named(whole.protocol), `${part.protocol} became ${whole.protocol}`);
      }),
      { numRuns: 1000 },
    );
  });

  test('the engine detector never throws on arbitrary reads in both directions', () => {
    const read = fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.uint8Array({ maxLength: 1500 }));
    fc.assert(
      fc.property(fc.array(read, { maxLength: 12 }), (reads) => {
        const d = new ProtocolDetector();
        for (const [dir, data] of reads) d.feed(dir, data);
        const { in: i, out: o } = d.detected();
        for (const p of [i, o]) assert.ok(p === null || DETECTED_PROTOCOLS.includes(p));
      }),
      { numRuns: 300 },
    );
  });
});
