// HTTP/1.x decoder: framing (Content-Length, chunked, close), pairing, upgrades, malformed input,
// every prefix of a stream, and real bytes from Node's http client.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  conversation,
  decode,
  decodeEveryPrefix,
  splitOrder,
  text,
} from '../../support/decoder-harness';

const GET = 'GET /orders HTTP/1.1\r\nHost: localhost\r\n\r\n';
const POST = 'POST /items HTTP/1.1\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello';
const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi';
const CREATED = 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n';

describe('http decoder', () => {
  it('decodes a request and response with headers and a fixed-length body', () => {
    const r = decode('http', conversation(GET + POST, OK + CREATED));
    assert.deepEqual(
      r.messages.map((m) => [m.direction, m.title, m.exchange]),
      [
        ['in', 'GET /orders HTTP/1.1', 0],
        ['out', 'HTTP/1.1 200 OK', 0],
        ['in', 'POST /items HTTP/1.1', 1],
        ['out', 'HTTP/1.1 201 Created', 1],
      ],
    );
    const post = r.messages[2];
    assert.deepEqual(post?.fields[1], { name: 'Content-Type', value: 'text/plain' });
    assert.equal(text(post?.body?.bytes ?? new Uint8Array()), 'hello');
    assert.equal(post?.body?.contentType, 'text/plain');
    assert.equal(post?.body?.complete, true);
    assert.equal(r.partial, false);
    assert.deepEqual(r.unparsed, []);
  });

  it('orders messages by first-byte arrival from chunk records', () => {
    // Both requests were pipelined before any response arrived.
    const order = splitOrder([
      { direction: 'in', offset: 0 },
      { direction: 'out', offset: 0 },
    ]);
    const r = decode('http', conversation(GET + GET, OK + OK, order));
    assert.deepEqual(
      r.messages.map((m) => `${m.direction}${m.exchange}`),
      ['in0', 'in1', 'out0', 'out1'],
    );
  });

  it('de-frames chunked bodies with extensions and trailers', () => {
    const req =
      'POST /up HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n' +
      '4;name=value\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n';
    const r = decode('http', conversation(req + GET));
    const m = r.messages[0];
    assert.equal(text(m?.body?.bytes ?? new Uint8Array()), 'Wikipedia');
    assert.equal(m?.body?.contentEncoding, null);
    assert.ok(m?.fields.some((f) => f.name === 'Chunk 1 extension' && f.value === 'name=value'));
    assert.ok(m?.fields.some((f) => f.name === 'Trailer Expires' && f.value === 'never'));
    assert.equal(m?.range.length, req.length);
    assert.equal(r.messages[1]?.title, 'GET /orders HTTP/1.1');
  });

  it('gives HEAD, 1xx, 204 and 304 responses no body and keeps 1xx in its exchange', () => {
    const reqs =
      'HEAD / HTTP/1.1\r\n\r\nPUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx' +
      GET +
      GET;
    const resps =
      'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' +
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n' +
      'HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n' +
      OK;
    const r = decode('http', conversation(reqs, resps));
    const out = r.messages.filter((m) => m.direction === 'out');
    assert.deepEqual(
      out.map((m) => [m.title, m.exchange, m.body === null]),
      [
        ['HTTP/1.1 200 OK', 0, true],
        ['HTTP/1.1 100 Continue', 1, true],
        ['HTTP/1.1 204 No Content', 1, true],
        ['HTTP/1.1 304 Not Modified', 2, true],
        ['HTTP/1.1 200 OK', 3, false],
      ],
    );
    assert.equal(r.partial, false);
  });

  it('reads a response without length until close and reports it as partial', () => {
    const r = decode(
      'http',
      conversation(GET, 'HTTP/1.0 200 OK\r\nContent-Encoding: GZIP\r\n\r\nabc'),
    );
    const m = r.messages[1];
    assert.equal(text(m?.body?.bytes ?? new Uint8Array()), 'abc');
    assert.equal(m?.body?.contentEncoding, 'gzip');
    assert.equal(r.partial, true);
  });

  it('marks a cut body incomplete', () => {
    const r = decode('http', conversation(POST.slice(0, -2)));
    assert.equal(r.messages[0]?.body?.complete, false);
    assert.equal(text(r.messages[0]?.body?.bytes ?? new Uint8Array()), 'hel');
    assert.equal(r.partial, true);
  });

  it('stops after 101 Switching Protocols to websocket', () => {
    const up = 'GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
    const sw =
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
    const r = decode('http', conversation(up + '\x81\x85abcd', sw + '\x81\x02hi'));
    assert.deepEqual(
      r.messages.map((m) => m.title),
      ['GET /ws HTTP/1.1', 'HTTP/1.1 101 Switching Protocols'],
    );
    assert.equal(r.unparsed.length, 2);
    assert.match(r.unparsed.find((u) => u.range.direction === 'out')?.reason ?? '', /websocket/i);
    assert.deepEqual(r.unparsed.find((u) => u.range.direction === 'out')?.range, {
      direction: 'out',
      offset: sw.length,
      length: 4,
    });
  });

  it('goes on with HTTP when the server ignores an upgrade (h2c) and stops on CONNECT', () => {
    const h2c = 'GET / HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n';
    const ignored = decode('http', conversation(h2c + GET, OK + OK));
    assert.deepEqual(
      ignored.messages.map((m) => `${m.direction}${m.exchange}`),
      ['in0', 'out0', 'in1', 'out1'],
    );
    assert.deepEqual(ignored.unparsed, []);

    const waiting = decode('http', conversation(h2c + 'PRI * HTTP/2.0'));
    assert.equal(waiting.messages.length, 1);
    assert.match(waiting.unparsed[0]?.reason ?? '', /after Upgrade request \(h2c\)/);

    const connect = 'CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n';
    const tunnel = decode(
      'http',
      conversation(
        connect + '\x16\x03\x01',
        'HTTP/1.1 200 Connection Established\r\n\r\n\x16\x03\x03',
      ),
    );
    assert.deepEqual(
      tunnel.unparsed.map((u) => [u.range.direction, u.range.length, u.reason]),
      [
        ['out', 3, 'after protocol switch: CONNECT tunnel'],
        ['in', 3, 'after protocol switch: CONNECT tunnel'],
      ],
    );
  });

  it('marks malformed input unparsed from the point it breaks, with a reason', () => {
    const badHeader = decode('http', conversation(GET + 'GET / HTTP/1.1\r\nno colon here\r\n\r\n'));
    assert.equal(badHeader.messages.length, 1);
    assert.equal(badHeader.unparsed[0]?.range.offset, GET.length + 16);
    assert.match(badHeader.unparsed[0]?.reason ?? '', /malformed header/);

    const badChunk = decode(
      'http',
      conversation('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
    );
    assert.equal(badChunk.messages[0]?.body?.complete, false);
    assert.match(badChunk.unparsed[0]?.reason ?? '', /invalid chunk size/);

    const badLength = decode(
      'http',
      conversation('POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n'),
    );
    assert.equal(badLength.messages.length, 0);
    assert.match(badLength.unparsed[0]?.reason ?? '', /Content-Length/);

    const binary = decode('http', conversation('\x16\x03\x01\x02\x00'));
    assert.match(binary.unparsed[0]?.reason ?? '', /not an HTTP request/);
    assert.equal(binary.partial, false);
  });

  it('decodes every prefix without error, partial exactly when a message is cut', () => {
    const chunked = 'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const stream = GET + POST + chunked;
    const ends = new Set([0, GET.length, GET.length + POST.length, stream.length]);
    const full = decode('http', conversation(stream));
    decodeEveryPrefix('http', conversation(stream), (r, n) => {
      assert.equal(r.partial, !ends.has(n), `partial at ${n}`);
      assert.deepEqual(r.unparsed, [], `no unparsed at ${n}`);
    });
    // Chunk records at any split point give the same messages (all from one direction here).
    for (let split = 1; split < stream.length; split++) {
      const order = splitOrder([
        { direction: 'in', offset: 0 },
        { direction: 'in', offset: split },
      ]);
      assert.deepEqual(decode('http', conversation(stream, '', order)).messages, full.messages);
    }
  });

  it('decodes what Node http.request sends for a chunked gzipped body', async () => {
    const original = Buffer.from('{"hello":"porthole"}'.repeat(50));
    const gz = gzipSync(original);
    const received: Buffer[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (d: Buffer) => {
        received.push(d);
        if (Buffer.concat(received).includes('0\r\n\r\n')) {
          socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
        }
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/upload?x=1',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    });
    req.write(gz.subarray(0, 10));
    req.end(gz.subarray(10));
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    res.resume();
    await once(res, 'end');
    server.close();
    const r = decode('http', conversation(Buffer.concat(received)));
    const m = r.messages[0];
    assert.equal(m?.title, 'POST /upload?x=1 HTTP/1.1');
    assert.equal(m?.body?.contentEncoding, 'gzip');
    assert.equal(m?.body?.contentType, 'application/json');
    assert.equal(m?.body?.complete, true);
    assert.deepEqual(gunzipSync(m?.body?.bytes ?? new Uint8Array()), original);
    assert.equal(r.partial, false);
  });
});
