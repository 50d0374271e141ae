// decodeConversation: dispatch, ordering across directions by chunk arrival, the never-throw
// wrapper, and the byte-to-text helpers every decoder shows values with.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeConversation } from '../../../shared/decoders/decode-conversation';
import { ascii, oneLine, utf8 } from '../../../shared/decoders/text';
import { DECODER_NAMES } from '../../../shared/decoders/types';
import { bytesOf, conversation, decode, splitOrder } from '../../support/decoder-harness';

describe('decodeConversation', () => {
  it('dispatches every decoder name and reports the protocol', () => {
    for (const name of DECODER_NAMES) {
      const r = decode(name, conversation(''));
      assert.deepEqual(r, { protocol: name, messages: [], unparsed: [], partial: false });
    }
  });

  it('orders messages by the arrival of their first byte', () => {
    // Redis: the second command's bytes arrived after the first reply.
    const order = splitOrder([
      { direction: 'in', offset: 0 },
      { direction: 'out', offset: 0 },
      { direction: 'in', offset: 6 },
      { direction: 'out', offset: 5 },
    ]);
    const r = decode('redis', conversation('PING\r\nPING\r\n', '+PONG\r\n+PONG\r\n', order));
    assert.deepEqual(
      r.messages.map((m) => `${m.direction}@${m.range.offset}`),
      ['in@0', 'out@0', 'in@6', 'out@7'],
    );
    // A message cut across chunks is placed by its first byte's chunk.
    const late = splitOrder([
      { direction: 'out', offset: 0 },
      { direction: 'in', offset: 0 },
      { direction: 'in', offset: 3 },
    ]);
    const r2 = decode('redis', conversation('PING\r\n', '+HI\r\n', late));
    assert.deepEqual(
      r2.messages.map((m) => m.direction),
      ['out', 'in'],
    );
  });

  it('without chunk records, pairs by exchange, else puts in before out', () => {
    const redis = decode('redis', conversation('PING\r\nPING\r\n', '+A\r\n+B\r\n'));
    assert.deepEqual(
      redis.messages.map((m) => m.direction),
      ['in', 'out', 'in', 'out'],
    );
    const up = 'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
    const ok = 'HTTP/1.1 101 Switching Protocols\r\n\r\n';
    const ws = decode('websocket', conversation(up + '\x89\x00', ok + '\x8a\x00'));
    assert.deepEqual(
      ws.messages.map((m) => `${m.direction} ${m.kind}`),
      ['in handshake', 'in frame', 'out handshake', 'out frame'],
    );
  });

  it('ignores timing that covers only one direction', () => {
    const order = splitOrder([{ direction: 'out', offset: 0 }]);
    const r = decode('redis', conversation('PING\r\n', '+PONG\r\n', order));
    assert.deepEqual(
      r.messages.map((m) => m.direction),
      ['in', 'out'],
    );
  });

  it('turns a decoder failure into an unparsed region instead of throwing', () => {
    const hostile = new Proxy(new Uint8Array(4), {
      get(target, prop) {
        if (prop === 'indexOf' || prop === 'subarray') throw new Error('boom');
        return Reflect.get(target, prop);
      },
    });
    const r = decodeConversation('http', { in: hostile, out: new Uint8Array(), order: [] });
    assert.deepEqual(r.unparsed, [
      { range: { direction: 'in', offset: 0, length: 4 }, reason: 'decoder error: boom' },
    ]);
    assert.deepEqual(r.messages, []);
  });
});

describe('decoder text helpers', () => {
  it('decodes UTF-8 and shows lone, invalid and control bytes as \\xNN', () => {
    const b = bytesOf(Buffer.from('héllo ✓ 😀'));
    assert.equal(utf8(b, 0, b.length), 'héllo ✓ 😀');
    const bad = Uint8Array.from([
      0x61, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0x00, 0x0a, 0xff,
    ]);
    assert.equal(
      utf8(bad, 0, bad.length),
      'a\\xc3(\\xe2\\x82\\xed\\xa0\\x80\\xc0\\xaf\\x00\\x0a\\xff',
    );
    assert.equal(utf8(bytesOf('a\nb'), 0, 3, 100, true), 'a\nb');
    assert.equal(utf8(bytesOf('abcdef'), 0, 6, 3), 'abc…');
    assert.equal(ascii(Uint8Array.from([0x41, 0x80, 0x7f]), 0, 3), 'A\\x80\\x7f');
    assert.equal(oneLine('a\r\nb', 100), 'a\\r\\nb');
    assert.equal(oneLine('x'.repeat(10), 5), 'xxxx…');
  });
});
