// TLS decoder: records, ClientHello/ServerHello details (hand-built and what Node's tls.connect
// really sends), encrypted records after ChangeCipherSpec, malformed and cut input.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import {
  concatBytes,
  conversation,
  decode,
  decodeEveryPrefix,
} from '../../support/decoder-harness';

const u16 = (v: number): number[] => [v >> 8, v & 255];
const vec = (size: 1 | 2 | 3, body: readonly number[]): number[] => {
  const len = body.length;
  const prefix =
    size === 1 ? [len] : size === 2 ? u16(len) : [len >> 16, (len >> 8) & 255, len & 255];
  return [...prefix, ...body];
};
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];
const ext = (type: number, body: readonly number[]): number[] => [...u16(type), ...vec(2, body)];
const record = (type: number, body: readonly number[], version = 0x0303): number[] => [
  type,
  ...u16(version),
  ...vec(2, body),
];
const handshake = (type: number, body: readonly number[]): number[] => [type, ...vec(3, body)];

const CLIENT_HELLO = record(
  22,
  handshake(1, [
    ...u16(0x0303),
    ...new Array<number>(32).fill(1),
    ...vec(1, [9, 9]),
    ...vec(2, [...u16(0x1301), ...u16(0xc02f), ...u16(0x0a0a), ...u16(0x1234)]),
    ...vec(1, [0]),
    ...vec(2, [
      ...ext(0, vec(2, [0, ...vec(2, ascii('example.test'))])),
      ...ext(16, vec(2, [...vec(1, ascii('h2')), ...vec(1, ascii('http/1.1'))])),
      ...ext(43, vec(1, [...u16(0x0304), ...u16(0x0303)])),
      ...ext(51, vec(2, [...u16(0x001d), ...vec(2, new Array<number>(32).fill(5))])),
      ...ext(13, vec(2, [...u16(0x0403), ...u16(0x0804)])),
    ]),
  ]),
  0x0301,
);

const SERVER_HELLO = record(
  22,
  handshake(2, [
    ...u16(0x0303),
    ...new Array<number>(32).fill(2),
    ...vec(1, []),
    ...u16(0x1302),
    0,
    ...vec(2, [...ext(43, u16(0x0304)), ...ext(51, [...u16(0x001d), ...vec(2, [7, 7])])]),
  ]),
);
const CCS = record(20, [1]);
const APP = record(23, new Array<number>(40).fill(0xaa));

describe('tls decoder', () => {
  it('parses a hand-built ClientHello and ServerHello, then encrypted records', () => {
    const r = decode(
      'tls',
      conversation(concatBytes(CLIENT_HELLO, CCS, APP), concatBytes(SERVER_HELLO, CCS, APP)),
    );
    const [ch, ...rest] = r.messages;
    assert.equal(ch?.kind, 'ClientHello');
    assert.equal(ch?.title, 'ClientHello · SNI example.test · ALPN h2, http/1.1');
    const field = (name: string) => ch?.fields.find((f) => f.name === name)?.value;
    assert.equal(field('Record version'), 'TLS 1.0');
    assert.equal(field('Legacy version'), 'TLS 1.2');
    assert.equal(field('Session ID'), '0909');
    assert.equal(
      field('Cipher suites (4)'),
      'TLS_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256, GREASE (0x0a0a), 0x1234',
    );
    assert.equal(field('Supported versions'), 'TLS 1.3, TLS 1.2');
    assert.equal(field('Key share groups'), 'x25519');
    assert.equal(field('Signature algorithms'), '2 algorithms');
    assert.equal(field('ALPN'), 'h2, http/1.1');
    const sh = rest.find((m) => m.kind === 'ServerHello');
    assert.equal(sh?.title, 'ServerHello · TLS 1.3 · TLS_AES_256_GCM_SHA384');
    assert.equal(sh?.fields.find((f) => f.name === 'Key share group')?.value, 'x25519');
    assert.deepEqual(
      r.messages.filter((m) => m.direction === 'in').map((m) => m.title),
      [
        'ClientHello · SNI example.test · ALPN h2, http/1.1',
        'ChangeCipherSpec',
        'Encrypted record, 40 B',
      ],
    );
    assert.equal(r.partial, false);
  });

  it('shows handshake records after ChangeCipherSpec as encrypted, and plaintext alerts', () => {
    const r = decode(
      'tls',
      conversation(concatBytes(CCS, record(22, [1, 2, 3])), record(21, [2, 40])),
    );
    assert.deepEqual(
      r.messages.map((m) => m.title),
      ['ChangeCipherSpec', 'Encrypted record, 3 B', 'Alert: fatal handshake_failure'],
    );
  });

  it('marks non-TLS bytes unparsed and handles handshake messages split across records', () => {
    const bad = decode('tls', conversation('GET / HTTP/1.1\r\n\r\n'));
    assert.match(bad.unparsed[0]?.reason ?? '', /not a TLS record/);
    const hs = CLIENT_HELLO.slice(5);
    const split = decode(
      'tls',
      conversation(concatBytes(record(22, hs.slice(0, 20)), record(22, hs.slice(20)))),
    );
    assert.deepEqual(
      split.messages.map((m) => m.title),
      ['ClientHello', '(continued message)'],
    );
    const truncated = decode('tls', conversation(record(22, handshake(1, [3, 3, 0]))));
    assert.ok(truncated.messages[0]?.fields.some((f) => f.name === 'Truncated'));
  });

  it('decodes every prefix without error, partial exactly when a record is cut', () => {
    const inBytes = concatBytes(CLIENT_HELLO, CCS, APP);
    const ends = new Set([
      0,
      CLIENT_HELLO.length,
      CLIENT_HELLO.length + CCS.length,
      inBytes.length,
    ]);
    decodeEveryPrefix('tls', conversation(inBytes), (r, n) => {
      assert.equal(r.partial, !ends.has(n), `partial at ${n}`);
      assert.deepEqual(r.unparsed, []);
    });
  });

  it("decodes the ClientHello Node's tls.connect sends", async () => {
    const received: Buffer[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (d: Buffer) => {
        received.push(d);
        const all = Buffer.concat(received);
        if (all.length >= 5 && all.length >= 5 + all.readUInt16BE(3)) socket.destroy();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    const client = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'example.test',
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    await once(client, 'error').catch(() => undefined);
    client.destroy();
    server.close();
    const r = decode('tls', conversation(Buffer.concat(received)));
    const ch = r.messages[0];
    assert.equal(ch?.kind, 'ClientHello');
    assert.equal(ch?.title, 'ClientHello · SNI example.test · ALPN h2, http/1.1');
    const suites = ch?.fields.find((f) => f.name.startsWith('Cipher suites'))?.value ?? '';
    assert.match(suites, /TLS_AES_256_GCM_SHA384/);
    assert.match(suites, /ECDHE-RSA-AES128-GCM-SHA256/);
    assert.match(ch?.fields.find((f) => f.name === 'Supported versions')?.value ?? '', /TLS 1\.3/);
    assert.match(ch?.fields.find((f) => f.name === 'Key share groups')?.value ?? '', /x25519/);
    assert.equal(r.partial, false);
  });
});
