// Comparing two Redis conversations: commands argument by argument, an extra command as one
// extra (not a shift of every later pair), replies lined up with the commands they answer.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareConnections } from '../../../shared/compare/compare-conversations';
import { describeDifference, describePair } from '../../../shared/compare/describe';
import type { ConversationComparison } from '../../../shared/compare/message-types';
import { conversation } from '../../support/decoder-harness';

const command = (...args: string[]): string =>
  `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');

function compare(a: [string[], string[]], b: [string[], string[]]): ConversationComparison {
  const side = ([commands, replies]: [string[], string[]]) =>
    conversation(commands.join(''), replies.join(''));
  return compareConnections('redis', side(a), side(b));
}

const lines = (r: ConversationComparison) =>
  [...r.in.pairs, ...r.out.pairs].map((p) =>
    [describePair(p), ...(p.kind === 'changed' ? p.differences.map(describeDifference) : [])].join(
      ' | ',
    ),
  );

describe('Redis compare', () => {
  it('reports a changed argument', () => {
    const r = compare(
      [[command('SET', 'session:1', 'alice', 'EX', '60')], ['+OK\r\n']],
      [[command('SET', 'session:1', 'alice', 'EX', '120')], ['+OK\r\n']],
    );
    const pair = r.in.pairs[0];
    assert.equal(pair?.kind, 'changed');
    assert.deepEqual(pair?.kind === 'changed' ? pair.differences : [], [
      { kind: 'argument', change: 'changed', index: 4, a: '60', b: '120' },
    ]);
    assert.equal(r.out.pairs[0]?.kind, 'same');
  });

  it('reports an added argument and a different command name', () => {
    const r = compare([[command('GET', 'k')], []], [[command('GETEX', 'k', 'PERSIST')], []]);
    assert.deepEqual(lines(r), [
      'changed: GET k (2 differences) | command: GET → GETEX | argument 2 added: PERSIST',
    ]);
  });

  it('shows an extra command as one extra, with its reply, and pairs the rest', () => {
    const r = compare(
      [
        [command('SET', 'k', '1'), command('GET', 'k'), command('DEL', 'k')],
        ['+OK\r\n', '$1\r\n1\r\n', ':1\r\n'],
      ],
      [
        [command('SET', 'k', '1'), command('INCR', 'n'), command('GET', 'k'), command('DEL', 'k')],
        ['+OK\r\n', ':1\r\n', '$1\r\n2\r\n', ':1\r\n'],
      ],
    );
    assert.deepEqual(lines(r), [
      'same: SET k 1',
      'only in B: INCR n',
      'same: GET k',
      'same: DEL k',
      'same: OK',
      'only in B: (integer) 1',
      'changed: "1" (1 difference) | reply: "1" → "2"',
      'same: (integer) 1',
    ]);
    assert.deepEqual(r.in.counts, { same: 3, changed: 0, onlyA: 0, onlyB: 1 });
    assert.equal(r.same, false);
  });

  it('reports a missing command on side B', () => {
    const r = compare(
      [
        [command('PING'), command('QUIT')],
        ['+PONG\r\n', '+OK\r\n'],
      ],
      [[command('PING')], ['+PONG\r\n']],
    );
    assert.deepEqual(lines(r), ['same: PING', 'only in A: QUIT', 'same: PONG', 'only in A: OK']);
  });

  it('reports bytes that differ past what the decoder shows', () => {
    // Arguments are shown up to 200 characters: the difference lies beyond.
    const long = 'x'.repeat(300);
    const r = compare(
      [[command('SET', 'k', `${long}a`)], []],
      [[command('SET', 'k', `${long}b`)], []],
    );
    const pair = r.in.pairs[0];
    assert.deepEqual(pair?.kind === 'changed' ? pair.differences : [], [
      { kind: 'raw', at: 326, aLength: 329, bLength: 329 },
    ]);
  });

  it('pairs every message once, in order on both sides; "same" means the same bytes', () => {
    const arbCommand = fc
      .tuple(fc.constantFrom('GET', 'SET', 'DEL', 'INCR'), fc.constantFrom('a', 'b', 'c'))
      .map(([name, key]) => (name === 'SET' ? command(name, key, '1') : command(name, key)));
    const arbReply = fc.constantFrom('+OK\r\n', ':1\r\n', ':2\r\n', '$-1\r\n', '$1\r\nx\r\n');
    const arbSide = fc.tuple(
      fc.array(arbCommand, { maxLength: 12 }),
      fc.array(arbReply, { maxLength: 12 }),
    );
    fc.assert(
      fc.property(arbSide, arbSide, (a, b) => {
        const ca = conversation(a[0].join(''), a[1].join(''));
        const cb = conversation(b[0].join(''), b[1].join(''));
        const r = compareConnections('redis', ca, cb);
        for (const d of [r.in, r.out]) {
          const seenA = d.pairs.flatMap((p) => (p.kind === 'only-b' ? [] : [p.a.index]));
          const seenB = d.pairs.flatMap((p) => (p.kind === 'only-a' ? [] : [p.b.index]));
          assert.deepEqual(
            seenA,
            [...seenA].sort((x, y) => x - y),
            'A in order',
          );
          assert.deepEqual(
            seenB,
            [...seenB].sort((x, y) => x - y),
            'B in order',
          );
          const count = (side: typeof a) => side[d.direction === 'in' ? 0 : 1].length;
          assert.equal(new Set(seenA).size, count(a));
          assert.equal(new Set(seenB).size, count(b));
          for (const p of d.pairs) {
            if (p.kind !== 'same') continue;
            const bytes = (c: typeof ca, range: typeof p.a.range) =>
              Buffer.from(c[range.direction].subarray(range.offset, range.offset + range.length));
            assert.ok(bytes(ca, p.a.range).equals(bytes(cb, p.b.range)), 'same bytes');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
