// Request → response pairing and timing for the Response times view, on the real decoders'
// output for HTTP and Redis, and on PostgreSQL's message sequence (simple and extended query).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeConversation } from '../../shared/decoders/decode-conversation';
import type { ConversationBytes, DecodedMessage } from '../../shared/decoders/types';
import type { Direction } from '../../shared/model';
import {
  exchangeTimings,
  timedProtocolOf,
  type Arrival,
} from '../../renderer/src/features/traffic/response/exchange-timing';
import { responseSummary } from '../../renderer/src/features/traffic/response/response-text';

const enc = (s: string) => new TextEncoder().encode(s);

describe('exchange timing', () => {
  it('pairs HTTP requests with responses and times them from the chunk records', () => {
    const reqA = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';
    const reqB = 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n';
    const resA = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
    const resB = 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';
    const order: Arrival[] = [
      { direction: 'in', offset: 0, at: 1000 },
      { direction: 'out', offset: 0, at: 1012 },
      { direction: 'in', offset: reqA.length, at: 1100 },
      { direction: 'out', offset: resA.length, at: 1130 },
    ];
    const bytes: ConversationBytes = { in: enc(reqA + reqB), out: enc(resA + resB), order };
    const { messages } = decodeConversation('http', bytes);
    const t = exchangeTimings('http', messages, order);
    assert.deepEqual(
      t.map((x) => [x.index, x.request, x.response, x.sentAt, x.replyAt]),
      [
        [1, 'GET /a HTTP/1.1', 'HTTP/1.1 200 OK', 1000, 1012],
        [2, 'GET /b HTTP/1.1', 'HTTP/1.1 404 Not Found', 1100, 1130],
      ],
    );
  });

  it('leaves a request without its response unanswered', () => {
    const order: Arrival[] = [{ direction: 'in', offset: 0, at: 5 }];
    const bytes = { in: enc('GET / HTTP/1.1\r\n\r\n'), out: new Uint8Array(0), order };
    const t = exchangeTimings('http', decodeConversation('http', bytes).messages, order);
    assert.equal(t.length, 1);
    assert.equal(t[0]?.replyAt, null);
    assert.match(responseSummary(t), /1 request, 1 unanswered/);
  });

  it('pairs pipelined Redis commands with replies in order', () => {
    const cmd = '*1\r\n$4\r\nPING\r\n';
    const order: Arrival[] = [
      { direction: 'in', offset: 0, at: 100 },
      { direction: 'in', offset: cmd.length, at: 101 },
      { direction: 'out', offset: 0, at: 104 },
      { direction: 'out', offset: 7, at: 109 },
    ];
    const bytes = { in: enc(cmd + cmd), out: enc('+PONG\r\n+PONG\r\n'), order };
    const t = exchangeTimings('redis', decodeConversation('redis', bytes).messages, order);
    assert.deepEqual(
      t.map((x) => [x.sentAt, x.replyAt]),
      [
        [100, 104],
        [101, 109],
      ],
    );
  });

  it('rebuilds PostgreSQL cycles: startup, a simple query and an extended one, up to ReadyForQuery', () => {
    let inAt = 0;
    let outAt = 0;
    const order: Arrival[] = [];
    const msg = (direction: Direction, kind: string, at: number): DecodedMessage => {
      const offset = direction === 'in' ? (inAt += 10) : (outAt += 10);
      order.push({ direction, offset, at });
      return {
        direction,
        kind,
        title: kind,
        range: { direction, offset, length: 10 },
        fields: [],
        body: null,
        exchange: null,
      };
    };
    const messages = [
      msg('in', 'StartupMessage', 1),
      msg('out', 'Authentication', 2),
      msg('in', 'PasswordMessage', 3),
      msg('out', 'ReadyForQuery', 5),
      msg('in', 'Query', 10),
      msg('out', 'RowDescription', 14),
      msg('out', 'ReadyForQuery', 15),
      msg('in', 'Parse', 20),
      msg('in', 'Bind', 20),
      msg('in', 'Sync', 21),
      msg('out', 'ParseComplete', 30),
      msg('out', 'ReadyForQuery', 31),
      msg('in', 'Query', 40),
    ];
    const t = exchangeTimings('postgres', messages, order);
    assert.deepEqual(
      t.map((x) => [x.request, x.sentAt, x.replyAt, x.replyEndAt]),
      [
        ['StartupMessage', 1, 2, 5],
        ['Query', 10, 14, 15],
        ['Parse (extended)', 21, 30, 31],
        ['Query', 40, null, null],
      ],
    );
  });

  it('applies to HTTP, Redis and PostgreSQL only', () => {
    assert.equal(timedProtocolOf({ in: 'redis', out: null }), 'redis');
    assert.equal(timedProtocolOf({ in: 'websocket', out: 'http' }), 'http');
    assert.equal(timedProtocolOf({ in: 'tls', out: 'tls' }), null);
  });
});
