// Property tests for every decoder: arbitrary bytes and mutated valid streams never make a
// decoder fail, stay fast, and give ranges inside the input that never overlap per direction.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeConversation } from '../../../shared/decoders/decode-conversation';
import { DECODER_NAMES, type DecoderName } from '../../../shared/decoders/types';
import { bytesOf, concatBytes } from '../../support/decoder-harness';
import {
  check,
  cpuMs,
  i32,
  mutate,
  mutations,
  SAMPLES,
  WS_UP,
} from '../../support/decoder-samples';

describe('decoder properties', () => {
  for (const name of DECODER_NAMES) {
    it(`${name}: arbitrary bytes never break the decoder`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 4096 }),
          fc.uint8Array({ maxLength: 4096 }),
          (a, b) => {
            check(name, a, b);
          },
        ),
        { numRuns: 200 },
      );
    });

    it(`${name}: mutated valid streams never break the decoder`, () => {
      const sample = SAMPLES[name];
      check(name, sample.in, sample.out);
      const clean = decodeConversation(name, { ...sample, order: [] });
      assert.deepEqual(clean.unparsed, [], `${name} sample decodes cleanly`);
      fc.assert(
        fc.property(mutations, mutations, (mi, mo) => {
          check(name, mutate(sample.in, mi), mutate(sample.out, mo));
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: every prefix of the valid sample decodes`, () => {
      const sample = SAMPLES[name];
      for (let n = 0; n <= Math.max(sample.in.length, sample.out.length); n++) {
        check(name, sample.in.subarray(0, n), sample.out.subarray(0, n));
      }
    });
  }

  it('stays linear on large adversarial inputs', () => {
    const big = (s: string, n: number) => bytesOf(s.repeat(n));
    const cases: [DecoderName, Uint8Array, Uint8Array][] = [
      ['http', big('\r\n', 50_000), big('HTTP/1.1 204 OK\r\n\r\n', 5_000)],
      [
        'http',
        bytesOf(
          'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n' + '1\r\na\r\n'.repeat(50_000),
        ),
        new Uint8Array(),
      ],
      ['http', bytesOf('GET / HTTP/1.1\r\n' + 'a: b\r\n'.repeat(10_000)), new Uint8Array()],
      ['redis', big('*1\r\n', 50_000), big('*100000000\r\n', 1)],
      ['redis', big('*2\r\n$1\r\na\r\n$1\r\nb\r\n', 5_000), big(':1\r\n', 20_000)],
      ['websocket', concatBytes(WS_UP, new Uint8Array(40_000)), new Uint8Array()],
      ['tls', big('\x17\x03\x03\x00\x00', 20_000), new Uint8Array()],
      [
        'postgres',
        concatBytes(i32(8), i32(196608), big('S\x00\x00\x00\x04', 20_000)),
        new Uint8Array(),
      ],
    ];
    for (const [name, a, b] of cases) {
      const started = cpuMs();
      const r = decodeConversation(name, { in: a, out: b, order: [] });
      const used = cpuMs() - started;
      // Linear decoding of these inputs (up to 300 KB) costs well under 300 ms of CPU; quadratic
      // work on them would cost minutes. CPU time, so a busy machine does not count against it.
      const size = a.length + b.length;
      assert.ok(used < 3000, `${name} used ${used.toFixed(0)} ms of CPU on ${size} bytes`);
      assert.ok(!r.unparsed.some((u) => u.reason.startsWith('decoder error')));
    }
  });
});
