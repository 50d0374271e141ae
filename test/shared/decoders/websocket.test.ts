// WebSocket decoder: handshake skipped via the HTTP head parser, frames of every length form,
// masking, fragmentation, close codes, compression flag, and every prefix of a session.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import {
  concatBytes,
  conversation,
  decode,
  decodeEveryPrefix,
  text,
} from '../../support/decoder-harness';

const UPGRADE =
  'GET /chat HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
  'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
const SWITCHED =
  'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n';

interface FrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  mask?: readonly number[];
}

function frame(opcode: number, payload: Uint8Array | string, o: FrameOptions = {}): Uint8Array {
  const data = typeof payload === 'string' ? new Uint8Array(Buffer.from(payload)) : payload;
  const head = [((o.fin ?? true) ? 0x80 : 0) | (o.rsv1 ? 0x40 : 0) | opcode];
  const maskBit = o.mask ? 0x80 : 0;
  if (data.length < 126) head.push(maskBit | data.length);
  else if (data.length < 65536) head.push(maskBit | 126, data.length >> 8, data.length & 255);
  else {
    head.push(maskBit | 127, 0, 0, 0, 0);
    head.push(
      (data.length >>> 24) & 255,
      (data.length >> 16) & 255,
      (data.length >> 8) & 255,
      data.length & 255,
    );
  }
  const mask = o.mask ?? [];
  const body = o.mask ? data.map((b, i) => b ^ (mask[i & 3] ?? 0)) : data;
  return concatBytes(head, mask, body);
}

const MASK = [0x37, 0xfa, 0x21, 0x3d];

describe('websocket decoder', () => {
  it('shows the handshake, then unmasked frames with titles and fields', () => {
    const inBytes = concatBytes(UPGRADE, frame(1, 'Hello, world', { mask: MASK }));
    const outBytes = concatBytes(SWITCHED, frame(2, new Uint8Array([1, 2, 3])));
    const r = decode('websocket', conversation(inBytes, outBytes));
    assert.deepEqual(
      r.messages.map((m) => m.title),
      [
        'GET /chat HTTP/1.1',
        'TEXT frame · FIN · masked · 12 B',
        'HTTP/1.1 101 Switching Protocols',
        'BINARY frame · FIN · 3 B',
      ],
    );
    const textFrame = r.messages[1];
    assert.equal(text(textFrame?.body?.bytes ?? new Uint8Array()), 'Hello, world');
    assert.equal(textFrame?.body?.contentType, 'text/plain; charset=utf-8');
    assert.ok(textFrame?.fields.some((f) => f.name === 'Mask key' && f.value === '37 fa 21 3d'));
    assert.equal(r.messages[3]?.body?.contentType, null);
    assert.deepEqual([...(r.messages[3]?.body?.bytes ?? [])], [1, 2, 3]);
    assert.equal(r.partial, false);
  });

  it('reads 16- and 64-bit lengths', () => {
    const mid = new Uint8Array(300).fill(7);
    const big = new Uint8Array(70000).fill(9);
    const r = decode(
      'websocket',
      conversation('', concatBytes(SWITCHED, frame(2, mid), frame(2, big, { mask: MASK }))),
    );
    assert.deepEqual(
      r.messages.slice(1).map((m) => [m.title, m.body?.bytes.length]),
      [
        ['BINARY frame · FIN · 300 B', 300],
        ['BINARY frame · FIN · masked · 70000 B', 70000],
      ],
    );
    assert.ok(r.messages[2]?.body?.bytes.every((b) => b === 9));
  });

  it('decodes close codes, control frames, fragments and the compression flag', () => {
    const close = concatBytes([0x03, 0xe8], 'bye');
    const outBytes = concatBytes(
      SWITCHED,
      frame(1, 'Hel', { fin: false }),
      frame(9, 'p'),
      frame(0, 'lo'),
      frame(1, 'zz', { rsv1: true }),
      frame(10, ''),
      frame(8, close),
    );
    const r = decode('websocket', conversation('', outBytes));
    const frames = r.messages.slice(1);
    assert.deepEqual(
      frames.map((m) => m.title),
      [
        'TEXT frame · 3 B',
        'PING frame · FIN · 1 B',
        'CONTINUATION frame · FIN · 2 B',
        'TEXT frame · FIN · compressed · 2 B',
        'PONG frame · FIN · 0 B',
        'CLOSE frame · FIN · 1000 · 5 B',
      ],
    );
    assert.equal(frames[2]?.body?.contentType, 'text/plain; charset=utf-8');
    assert.equal(frames[3]?.body?.contentEncoding, 'permessage-deflate');
    assert.match(frames[3]?.fields.find((f) => f.name === 'RSV1')?.value ?? '', /compressed/);
    assert.deepEqual(
      frames[5]?.fields.filter((f) => f.name.startsWith('Close')),
      [
        { name: 'Close code', value: '1000 normal closure' },
        { name: 'Close reason', value: 'bye' },
      ],
    );
  });

  it('marks a refused handshake and a broken head unparsed', () => {
    const refused = decode('websocket', conversation('', 'HTTP/1.1 400 Bad Request\r\n\r\nxx'));
    assert.match(refused.unparsed[0]?.reason ?? '', /refused \(400\)/);
    const garbage = decode('websocket', conversation('\x00\x01\x02'));
    assert.match(garbage.unparsed[0]?.reason ?? '', /handshake/);
    const huge = decode(
      'websocket',
      conversation('', concatBytes(SWITCHED, [0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])),
    );
    assert.match(huge.unparsed[0]?.reason ?? '', /out of range/);
  });

  it('decodes every prefix without error, partial exactly when a frame is cut', () => {
    const frames = [frame(1, 'abc', { mask: MASK }), frame(2, new Uint8Array(130)), frame(8, '')];
    const inBytes = concatBytes(UPGRADE, ...frames);
    const ends = new Set([0, UPGRADE.length]);
    let at = UPGRADE.length;
    for (const f of frames) ends.add((at += f.length));
    const full = decode('websocket', conversation(inBytes));
    decodeEveryPrefix('websocket', conversation(inBytes), (r, n) => {
      assert.equal(r.partial, !ends.has(n), `partial at ${n}`);
      assert.deepEqual(r.unparsed, []);
      if (n === inBytes.length) assert.deepEqual(r, full);
    });
  });

  it('decodes what the ws client really sends', async () => {
    const received: Buffer[] = [];
    let sawClose: () => void = () => {};
    const closeFrameSeen = new Promise<void>((resolve) => (sawClose = resolve));
    const server = net.createServer((socket) => {
      socket.on('data', (d: Buffer) => {
        received.push(d);
        // The close frame is the last thing the client sends (masked, so decode to find it).
        const sofar = decode('websocket', conversation(Buffer.concat(received)));
        if (sofar.messages.some((m) => m.title.startsWith('CLOSE'))) sawClose();
        const all = Buffer.concat(received).toString('latin1');
        const key = /Sec-WebSocket-Key: (\S+)/i.exec(all)?.[1];
        if (key && received.length === 1) {
          const accept = createHash('sha1')
            .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
            .digest('base64');
          socket.write(
            'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
              `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
          );
        }
      });
      socket.on('error', () => {});
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}/live`);
    await once(client, 'open');
    client.send('hello porthole');
    client.close(1000, 'done');
    await closeFrameSeen;
    client.terminate();
    server.close();
    const r = decode('websocket', conversation(Buffer.concat(received)));
    assert.deepEqual(
      r.messages.map((m) => m.title),
      [
        'GET /live HTTP/1.1',
        'TEXT frame · FIN · masked · 14 B',
        'CLOSE frame · FIN · masked · 1000 · 6 B',
      ],
    );
    assert.equal(text(r.messages[1]?.body?.bytes ?? new Uint8Array()), 'hello porthole');
    assert.equal(r.partial, false);
  });
});
