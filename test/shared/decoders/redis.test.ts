// Redis decoder: RESP commands (array and inline), RESP2/RESP3 replies, pairing, malformed and
// cut input.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversation, decode, decodeEveryPrefix } from '../../support/decoder-harness';

const resp = (...args: string[]): string =>
  `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');

describe('redis decoder', () => {
  it('decodes RESP and inline commands with their replies, paired in order', () => {
    const commands = resp('SET', 'porthole:key', 'hello') + 'PING\r\n' + resp('GET', 'two words');
    const replies = '+OK\r\n+PONG\r\n$5\r\nhello\r\n';
    const r = decode('redis', conversation(commands, replies));
    assert.deepEqual(
      r.messages.map((m) => [m.direction, m.title, m.exchange]),
      [
        ['in', 'SET porthole:key hello', 0],
        ['out', 'OK', 0],
        ['in', 'PING', 1],
        ['out', 'PONG', 1],
        ['in', 'GET "two words"', 2],
        ['out', '"hello"', 2],
      ],
    );
    assert.deepEqual(r.messages[0]?.fields, [
      { name: 'Command', value: 'SET' },
      { name: 'Argument 1', value: 'porthole:key' },
      { name: 'Argument 2', value: 'hello' },
    ]);
    assert.equal(r.partial, false);
  });

  it('renders RESP2 and RESP3 reply types readably', () => {
    const replies = [
      '-ERR unknown command\r\n',
      ':42\r\n',
      '$-1\r\n',
      '*-1\r\n',
      '*0\r\n',
      '*2\r\n*1\r\n:1\r\n$1\r\nx\r\n',
      '_\r\n',
      '#t\r\n',
      ',3.14\r\n',
      '(12345678901234567890\r\n',
      '!5\r\nOOPS!\r\n',
      '=7\r\ntxt:abc\r\n',
      '%1\r\n+key\r\n:1\r\n',
      '~1\r\n+a\r\n',
      '>2\r\n+message\r\n+hi\r\n',
      '$3\r\na\x00\xff\r\n',
    ];
    const r = decode('redis', conversation('', replies.join('')));
    assert.deepEqual(
      r.messages.map((m) => m.title),
      [
        '(error) ERR unknown command',
        '(integer) 42',
        '(nil)',
        '(nil)',
        '(empty array)',
        '[[(integer) 1], "x"]',
        '(nil)',
        '(true)',
        '(double) 3.14',
        '(big number) 12345678901234567890',
        '(error) OOPS!',
        '"abc"',
        '{key: (integer) 1}',
        '~{a}',
        '(push) [message, hi]',
        '"a\\x00\\xff"',
      ],
    );
    assert.equal(r.messages[14]?.kind, 'push');
    assert.equal(r.messages[14]?.exchange, null);
    assert.deepEqual(r.messages[12]?.fields[1], { name: 'key', value: '(integer) 1' });
  });

  it('marks malformed input unparsed with a reason', () => {
    const badType = decode('redis', conversation('', '+OK\r\n?what\r\n'));
    assert.equal(badType.messages.length, 1);
    assert.equal(badType.unparsed[0]?.range.offset, 5);
    assert.match(badType.unparsed[0]?.reason ?? '', /unknown RESP type/);
    const badLength = decode('redis', conversation('*x\r\n'));
    assert.match(badLength.unparsed[0]?.reason ?? '', /invalid length/);
    const badBulk = decode('redis', conversation('', '$2\r\nabc\r\n'));
    assert.match(badBulk.unparsed[0]?.reason ?? '', /not ended by CRLF/);
    const deep = decode('redis', conversation('', '*1\r\n'.repeat(100) + ':1\r\n'));
    assert.match(deep.unparsed[0]?.reason ?? '', /too deep/);
  });

  it('decodes every prefix without error, partial exactly when a value is cut', () => {
    const parts = [resp('HSET', 'h', 'f', 'v'), 'PING\r\n', resp('LRANGE', 'l', '0', '-1')];
    const stream = parts.join('');
    const ends = new Set([0]);
    let at = 0;
    for (const p of parts) ends.add((at += p.length));
    decodeEveryPrefix('redis', conversation(stream), (r, n) => {
      assert.equal(r.partial, !ends.has(n), `partial at ${n}`);
      assert.deepEqual(r.unparsed, []);
    });
  });
});
