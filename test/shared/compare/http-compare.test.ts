// Comparing two HTTP conversations message by message: start lines, headers (by name, any
// order, repeats reported), JSON bodies field by field, other bodies by first differing byte,
// and messages present on one side only.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CompareSide,
  compareConnections,
  compareConversations,
} from '../../../shared/compare/compare-conversations';
import { decodeConversation } from '../../../shared/decoders/decode-conversation';
import { describeDifference } from '../../../shared/compare/describe';
import type {
  ConversationComparison,
  Difference,
  MessagePair,
} from '../../../shared/compare/message-types';
import { conversation } from '../../support/decoder-harness';

interface Message {
  readonly start: string;
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string;
}

function http(m: Message): string {
  const body = m.body ?? '';
  const headers = [...(m.headers ?? [])];
  if (body !== '') headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  return `${m.start}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n${body}`;
}

const GET: Message = { start: 'GET /orders/7 HTTP/1.1', headers: [['Host', 'shop']] };
const OK: Message = {
  start: 'HTTP/1.1 200 OK',
  headers: [['Content-Type', 'application/json']],
  body: '{"id":7,"customer":{"name":"Ada","tier":"gold"},"items":[{"sku":"x","qty":1}]}',
};

function compare(a: [Message[], Message[]], b: [Message[], Message[]]): ConversationComparison {
  const side = ([requests, responses]: [Message[], Message[]]) =>
    conversation(requests.map(http).join(''), responses.map(http).join(''));
  return compareConnections('http', side(a), side(b));
}

function changed(pair: MessagePair | undefined): readonly Difference[] {
  assert.equal(pair?.kind, 'changed', `a changed pair, not ${pair?.kind}`);
  return pair.kind === 'changed' ? pair.differences : [];
}

describe('HTTP compare', () => {
  it('finds nothing to report between identical conversations', () => {
    const r = compare([[GET], [OK]], [[GET], [OK]]);
    assert.equal(r.protocol, 'http');
    assert.equal(r.same, true);
    assert.deepEqual(
      [...r.in.pairs, ...r.out.pairs].map((p) => p.kind),
      ['same', 'same'],
    );
  });

  it('reports a changed header value', () => {
    const b = { ...GET, headers: [['Host', 'shop.example']] as const };
    const r = compare([[GET], [OK]], [[b], [OK]]);
    assert.deepEqual(changed(r.in.pairs[0]), [
      {
        kind: 'header',
        change: 'changed',
        name: 'Host',
        a: ['shop'],
        b: ['shop.example'],
        repeated: false,
      },
    ]);
    assert.equal(r.out.pairs[0]?.kind, 'same');
    assert.equal(r.same, false);
  });

  it('reports an added header, ignoring name case and order', () => {
    const a = {
      ...GET,
      headers: [
        ['Host', 'shop'],
        ['Accept', '*/*'],
      ] as const,
    };
    const b = {
      ...GET,
      headers: [
        ['accept', '*/*'],
        ['X-Request-Id', '42'],
        ['HOST', 'shop'],
      ] as const,
    };
    const differences = changed(compare([[a], [OK]], [[b], [OK]]).in.pairs[0]);
    assert.deepEqual(differences, [
      { kind: 'header', change: 'added', name: 'X-Request-Id', a: [], b: ['42'], repeated: false },
    ]);
    assert.equal(
      describeDifference(differences[0] as Difference),
      'header X-Request-Id added: "42"',
    );
  });

  it('reports a repeated header and a removed one', () => {
    const a = {
      ...GET,
      headers: [
        ['Host', 'shop'],
        ['Cookie', 'a=1'],
        ['DNT', '1'],
      ] as const,
    };
    const b = {
      ...GET,
      headers: [
        ['Host', 'shop'],
        ['Cookie', 'a=1'],
        ['Cookie', 'b=2'],
      ] as const,
    };
    assert.deepEqual(changed(compare([[a], [OK]], [[b], [OK]]).in.pairs[0]), [
      {
        kind: 'header',
        change: 'changed',
        name: 'Cookie',
        a: ['a=1'],
        b: ['a=1', 'b=2'],
        repeated: true,
      },
      { kind: 'header', change: 'removed', name: 'DNT', a: ['1'], b: [], repeated: false },
    ]);
  });

  it('reports changed JSON fields by path, nested, with values shown short', () => {
    const body = JSON.stringify({
      id: 7,
      customer: { name: 'Ada', tier: 'platinum', since: 2019 },
      items: [{ sku: 'x', qty: 3 }, { sku: 'y' }],
      'odd key': 'z'.repeat(500),
    });
    const b = { ...OK, body };
    const differences = changed(compare([[GET], [OK]], [[GET], [b]]).out.pairs[0]);
    assert.deepEqual(differences.slice(1), [
      { kind: 'json', change: 'changed', path: '$.customer.tier', a: '"gold"', b: '"platinum"' },
      { kind: 'json', change: 'added', path: '$.customer.since', a: null, b: '2019' },
      { kind: 'json', change: 'changed', path: '$.items[0].qty', a: '1', b: '3' },
      { kind: 'json', change: 'added', path: '$.items[1]', a: null, b: '{"sku":"y"}' },
      {
        kind: 'json',
        change: 'added',
        path: '$["odd key"]',
        a: null,
        b: `"${'z'.repeat(78)}…`,
      },
    ]);
    // The Content-Length header changed with the body.
    assert.equal(differences[0]?.kind, 'header');
  });

  it('reports a status line change, and a non-JSON body by its first differing byte', () => {
    const a = { start: 'HTTP/1.1 200 OK', body: 'hello, world' };
    const b = { start: 'HTTP/1.1 503 Service Unavailable', body: 'hello, there' };
    const differences = changed(compare([[GET], [a]], [[GET], [b]]).out.pairs[0]);
    assert.deepEqual(differences, [
      {
        kind: 'start-line',
        a: 'HTTP/1.1 200 OK',
        b: 'HTTP/1.1 503 Service Unavailable',
      },
      { kind: 'body', change: 'changed', at: 7, aLength: 12, bLength: 12, sameJson: false },
    ]);
    assert.equal(
      describeDifference(differences[1] as Difference),
      'body differs at byte 7 (12 → 12 bytes)',
    );
  });

  it('says when the decoded view is the same but the bytes are not', () => {
    const a = {
      ...GET,
      headers: [
        ['Host', 'shop'],
        ['Accept', '*/*'],
      ] as const,
    };
    const b = {
      ...GET,
      headers: [
        ['Accept', '*/*'],
        ['Host', 'shop'],
      ] as const,
    };
    const sameJson = {
      ...OK,
      body: '{ "id": 7, "customer": {"name":"Ada","tier":"gold"}, "items": [{"sku":"x","qty":1}] }',
    };
    const r = compare([[a], [OK]], [[b], [sameJson]]);
    assert.deepEqual(changed(r.in.pairs[0]), [{ kind: 'raw', at: 24, aLength: 51, bLength: 51 }]);
    const out = changed(r.out.pairs[0]);
    assert.deepEqual(
      out.map((d) => d.kind),
      ['header', 'body'],
    );
    assert.equal(
      describeDifference(out[1] as Difference),
      'body differs at byte 1 (78 → 85 bytes), same JSON value',
    );
  });

  it('pairs an extra request as one-sided, and its response with it', () => {
    const health = { start: 'GET /health HTTP/1.1', headers: [['Host', 'shop']] as const };
    const up = { start: 'HTTP/1.1 204 No Content' };
    const r = compare(
      [[GET], [OK]],
      [
        [health, GET],
        [up, OK],
      ],
    );
    assert.deepEqual(
      r.in.pairs.map((p) => p.kind),
      ['only-b', 'same'],
    );
    assert.deepEqual(
      r.out.pairs.map((p) => p.kind),
      ['only-b', 'same'],
    );
    assert.deepEqual(r.in.counts, { same: 1, changed: 0, onlyA: 0, onlyB: 1 });
    const only = r.in.pairs[0];
    assert.equal(only?.kind === 'only-b' ? only.b.title : '', 'GET /health HTTP/1.1');
  });

  it('pairs requests by method and path when several differ', () => {
    const post = {
      start: 'POST /orders HTTP/1.1',
      headers: [['Host', 'shop']] as const,
      body: '{"a":1}',
    };
    const post2 = { ...post, body: '{"a":2}' };
    const del = { start: 'DELETE /orders/7 HTTP/1.1', headers: [['Host', 'shop']] as const };
    const getB = { ...GET, headers: [['Host', 'other']] as const };
    const r = compare([[post, GET], []], [[del, post2, getB], []]);
    assert.deepEqual(
      r.in.pairs.map((p) => [
        p.kind,
        p.kind === 'only-b' ? p.b.title : p.kind === 'only-a' ? '' : p.a.title,
      ]),
      [
        ['only-b', 'DELETE /orders/7 HTTP/1.1'],
        ['changed', 'POST /orders HTTP/1.1'],
        ['changed', 'GET /orders/7 HTTP/1.1'],
      ],
    );
  });

  it('compares conversations already decoded (as the decode worker has them)', () => {
    const side = (response: Message): CompareSide => {
      const bytes = conversation(http(GET), http(response));
      return { conversation: decodeConversation('http', bytes), bytes };
    };
    const r = compareConversations(side(OK), side({ ...OK, start: 'HTTP/1.1 201 Created' }));
    assert.deepEqual(changed(r.out.pairs[0]), [
      { kind: 'start-line', a: 'HTTP/1.1 200 OK', b: 'HTTP/1.1 201 Created' },
    ]);
    assert.deepEqual(r.partial, { a: false, b: false });
    assert.deepEqual(r.unparsed, { a: [], b: [] });
  });
});
