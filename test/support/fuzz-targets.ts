// What `npm run fuzz` runs with a million inputs each, and `npm test` with a few thousand: the
// decoders, the protocol detectors, the HTTP responder's request parser, the payload-spec
// parser and the contract guard, on random and mutated real traffic. Every input must be
// handled without a throw and within a time bound; a failure names the target and the input.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COMMAND_NAMES, dispatchCommand, type CommandHandlers } from '../../shared/contract';
import { DECODER_NAMES } from '../../shared/decoders/types';
import { detectDirection } from '../../shared/detect';
import { isErrorCode, ok } from '../../shared/errors';
import { DETECTED_PROTOCOLS, type DetectedProtocol, type Direction } from '../../shared/model';
import { parsePayloadSpec } from '../../shared/payload-spec';
import { HttpRequestParser } from '../../engine/tcp/behaviours/http-request-parser';
import { bytesOf } from './decoder-harness';
import { check, cpuMs, mutate, mutations, SAMPLES } from './decoder-samples';

/** CPU per input beyond which a target counts as hanging (the inputs are at most ~8 KiB). */
const CPU_BOUND_MS = 500;

export interface FuzzTarget {
  readonly name: string;
  /** Checks `runs` inputs; rejects (with fast-check's counterexample) on the first failure. */
  run(runs: number, seed?: number): Promise<void>;
}

function bounded(what: string, work: () => void): void {
  const started = cpuMs();
  work();
  const used = cpuMs() - started;
  assert.ok(used < CPU_BOUND_MS, `${what} used ${used.toFixed(0)} ms of CPU on one input`);
}

const options = (runs: number, seed?: number) => ({
  numRuns: runs,
  ...(seed === undefined ? {} : { seed }),
});

const HTTP_SAMPLE = bytesOf(
  'GET /a?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n' +
    'POST /f HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello' +
    'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n',
);

const decoderTargets: FuzzTarget[] = DECODER_NAMES.map((decoder) => ({
  name: `decoder ${decoder}`,
  async run(runs, seed) {
    const sample = SAMPLES[decoder];
    const random = fc.tuple(fc.uint8Array({ maxLength: 4096 }), fc.uint8Array({ maxLength: 4096 }));
    const mutated = fc
      .tuple(mutations, mutations)
      .map(([mi, mo]) => [mutate(sample.in, mi), mutate(sample.out, mo)] as const);
    fc.assert(
      fc.property(fc.oneof(random, mutated), ([a, b]) => check(decoder, a, b)),
      options(runs, seed),
    );
  },
}));

const detectorTarget: FuzzTarget = {
  name: 'protocol detectors',
  async run(runs, seed) {
    const direction = fc.constantFrom<Direction>('in', 'out');
    const other = fc.constantFrom<DetectedProtocol | null>(null, ...DETECTED_PROTOCOLS);
    const heads = Object.values(SAMPLES).flatMap((s) => [
      s.in.subarray(0, 64),
      s.out.subarray(0, 64),
    ]);
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 5000 }),
      fc.tuple(fc.constantFrom(...heads), mutations).map(([head, m]) => mutate(head, m)),
    );
    fc.assert(
      fc.property(input, direction, other, (data, dir, o) =>
        bounded('detectDirection', () => {
          const verdict = detectDirection(data, dir, o);
          assert.ok(DETECTED_PROTOCOLS.includes(verdict.protocol));
        }),
      ),
      options(runs, seed),
    );
  },
};

const httpParserTarget: FuzzTarget = {
  name: 'HTTP request parser',
  async run(runs, seed) {
    const stream = fc.oneof(
      fc.uint8Array({ maxLength: 6000 }),
      mutations.map((m) => mutate(HTTP_SAMPLE, m)),
    );
    // Split anywhere: the responder gets whatever each socket read holds.
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) =>
        bounded('HttpRequestParser', () => {
          const parser = new HttpRequestParser();
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (x, y) => x - y,
          );
          let from = 0;
          for (const to of [...points, bytes.length]) {
            parser.push(Buffer.from(bytes.subarray(from, to)));
            for (let e = parser.next(); e !== null; e = parser.next()) {
              assert.ok(['head', 'complete', 'error'].includes(e.type));
            }
            from = to;
          }
        }),
      ),
      options(runs, seed),
    );
  },
};

const payloadSpecTarget: FuzzTarget = {
  name: 'payload-spec parser',
  async run(runs, seed) {
    const escapes = fc.constantFrom(
      '\\x',
      '\\x4',
      '\\x41',
      '\\r',
      '\\n',
      '\\t',
      '\\0',
      '\\\\',
      '\\',
      '\\u',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc
        .array(fc.oneof(escapes, fc.string({ maxLength: 4 })), { maxLength: 200 })
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(fc.constantFrom('text' as const, 'hex' as const), value, (format, text) =>
        bounded('parsePayloadSpec', () => {
          const parsed = parsePayloadSpec({ format, value: text });
          assert.equal(typeof parsed.ok, 'boolean');
        }),
      ),
      options(runs, seed),
    );
  },
};

const ran = ok('ran');
const guardHandlers = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, () => ran]),
) as unknown as CommandHandlers;

const guardTarget: FuzzTarget = {
  name: 'contract guard',
  async run(runs, seed) {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COMMAND_NAMES), fc.jsonValue(), async (name, args) => {
        const result = await dispatchCommand(guardHandlers, name, args);
        if (!result.ok) assert.ok(isErrorCode(result.error.code), result.error.code);
      }),
      options(runs, seed),
    );
  },
};

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  ...decoderTargets,
  detectorTarget,
  httpParserTarget,
  payloadSpecTarget,
  guardTarget,
];
