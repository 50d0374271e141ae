// PostgreSQL decoder: startup (StartupMessage, SSLRequest answered 'N' or 'S', CancelRequest),
// typed frontend and backend messages, malformed and cut input.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  concatBytes,
  conversation,
  decode,
  decodeEveryPrefix,
  splitOrder,
} from '../../support/decoder-harness';

const i32 = (v: number): number[] => [(v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255];
const i16 = (v: number): number[] => [(v >> 8) & 255, v & 255];
const cstr = (s: string): number[] => [...Buffer.from(s), 0];
const typed = (type: string, body: readonly number[]): number[] => [
  type.charCodeAt(0),
  ...i32(body.length + 4),
  ...body,
];
const untyped = (body: readonly number[]): number[] => [...i32(body.length + 4), ...body];

const STARTUP = untyped([
  ...i32(196608),
  ...cstr('user'),
  ...cstr('app'),
  ...cstr('database'),
  ...cstr('shop'),
  0,
]);
const SSL_REQUEST = untyped(i32(80877103));
const QUERY = typed('Q', cstr('select 1'));
const TERMINATE = typed('X', []);
const BACKEND = concatBytes(
  typed('R', i32(0)),
  typed('S', [...cstr('server_version'), ...cstr('16.1')]),
  typed('K', [...i32(42), ...i32(7)]),
  typed('Z', [0x49]),
  typed('T', [
    ...i16(1),
    ...cstr('?column?'),
    ...i32(0),
    ...i16(0),
    ...i32(23),
    ...i16(4),
    ...i32(-1),
    ...i16(0),
  ]),
  typed('D', [...i16(2), ...i32(1), 0x31, ...i32(-1)]),
  typed('C', cstr('SELECT 1')),
  typed('E', [
    0x53,
    ...cstr('ERROR'),
    0x43,
    ...cstr('42P01'),
    0x4d,
    ...cstr('relation "x" does not exist'),
    0,
  ]),
);

describe('postgres decoder', () => {
  it('decodes startup, query and the backend replies', () => {
    const r = decode('postgres', conversation(concatBytes(STARTUP, QUERY, TERMINATE), BACKEND));
    const titles = (d: 'in' | 'out') =>
      r.messages.filter((m) => m.direction === d).map((m) => m.title);
    assert.deepEqual(titles('in'), [
      'StartupMessage · user app · database shop',
      'Query: select 1',
      'Terminate',
    ]);
    assert.deepEqual(titles('out'), [
      'AuthenticationOk',
      'ParameterStatus: server_version = 16.1',
      'BackendKeyData',
      'ReadyForQuery: idle',
      'RowDescription: ?column?',
      'DataRow: 1, NULL',
      'CommandComplete: SELECT 1',
      'ErrorResponse: ERROR 42P01 relation "x" does not exist',
    ]);
    assert.deepEqual(r.messages[0]?.fields, [
      { name: 'Protocol', value: '3.0' },
      { name: 'user', value: 'app' },
      { name: 'database', value: 'shop' },
    ]);
    assert.equal(r.partial, false);
  });

  it("handles SSLRequest refused ('N') then startup, and accepted ('S') as encrypted", () => {
    // Chunk records: the client waits for the one-byte answer before sending its startup.
    const order = splitOrder([
      { direction: 'in', offset: 0 },
      { direction: 'out', offset: 0 },
      { direction: 'in', offset: SSL_REQUEST.length },
      { direction: 'out', offset: 1 },
    ]);
    const refused = decode(
      'postgres',
      conversation(concatBytes(SSL_REQUEST, STARTUP, QUERY), concatBytes('N', BACKEND), order),
    );
    assert.deepEqual(
      refused.messages.slice(0, 5).map((m) => m.title),
      [
        'SSLRequest',
        "SSL refused ('N')",
        'StartupMessage · user app · database shop',
        'Query: select 1',
        'AuthenticationOk',
      ],
    );
    const accepted = decode(
      'postgres',
      conversation(concatBytes(SSL_REQUEST, [0x16, 3, 1]), 'S\x16\x03\x03'),
    );
    assert.deepEqual(
      accepted.messages.map((m) => m.title),
      ['SSLRequest', "SSL accepted ('S')"],
    );
    assert.deepEqual(
      accepted.unparsed.map((u) => [u.range.direction, u.range.offset, u.range.length]),
      [
        ['in', 8, 3],
        ['out', 1, 3],
      ],
    );
    const waiting = decode('postgres', conversation(concatBytes(SSL_REQUEST, [0x16, 3, 1])));
    assert.equal(waiting.partial, true);
  });

  it('decodes CancelRequest and extended-protocol messages', () => {
    const cancel = decode(
      'postgres',
      conversation(untyped([...i32(80877102), ...i32(42), ...i32(7)])),
    );
    assert.deepEqual(cancel.messages[0]?.fields, [
      { name: 'Process ID', value: '42' },
      { name: 'Secret key', value: '7' },
    ]);
    const ext = concatBytes(
      STARTUP,
      typed('P', [...cstr('s1'), ...cstr('select $1'), ...i16(0)]),
      typed('B', [...cstr(''), ...cstr('s1'), ...i16(0), ...i16(0), ...i16(0)]),
      typed('D', [0x50, ...cstr('')]),
      typed('E', [...cstr(''), ...i32(0)]),
      typed('S', []),
    );
    const r = decode('postgres', conversation(ext));
    assert.deepEqual(
      r.messages.map((m) => m.title),
      [
        'StartupMessage · user app · database shop',
        'Parse: select $1',
        'Bind: s1',
        'Describe: portal (unnamed)',
        'Execute',
        'Sync',
      ],
    );
  });

  it('marks malformed input unparsed with a reason', () => {
    const badType = decode('postgres', conversation(concatBytes(STARTUP, [0x7e, 0, 0, 0, 4])));
    assert.match(badType.unparsed[0]?.reason ?? '', /unknown frontend message type/);
    const badLength = decode('postgres', conversation('', [0x5a, 0, 0, 0, 1]));
    assert.match(badLength.unparsed[0]?.reason ?? '', /invalid message length/);
    const badStartup = decode('postgres', conversation('GET / HTTP/1.1\r\n\r\n'));
    assert.match(badStartup.unparsed[0]?.reason ?? '', /startup packet/);
  });

  it('decodes every prefix without error, partial exactly when a message is cut', () => {
    const inBytes = concatBytes(STARTUP, QUERY, TERMINATE);
    const ends = new Set([0, STARTUP.length, STARTUP.length + QUERY.length, inBytes.length]);
    decodeEveryPrefix('postgres', conversation(inBytes), (r, n) => {
      assert.equal(r.partial, !ends.has(n), `partial at ${n}`);
      assert.deepEqual(r.unparsed, []);
    });
    decodeEveryPrefix('postgres', conversation('', BACKEND), (r) => {
      assert.deepEqual(r.unparsed, []);
    });
  });
});
