// The verdict in words: every kind has a title, a detail and a next step, built from the facts it
// carries (addresses with their port, the holder); and the request schema's bounds.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { USER_INPUT_ISSUE } from '../../shared/behaviours';
import { describeVerdict, hostPort } from '../../shared/diagnosis/describe-verdict';
import {
  diagnoseRequestSchema,
  MAX_DIAGNOSE_TARGET,
} from '../../shared/diagnosis/diagnose-request';
import type { Verdict, VerdictKind } from '../../shared/diagnosis/verdict';
import type { PortHolder } from '../../shared/model';

const holder: PortHolder = {
  pid: 812,
  name: 'postgres',
  commandLine: 'postgres -D /var/lib/pg',
  user: 'alice',
  address: '[::1]:5432',
};
const at = { address: '::1', port: 5432, holder };
const tried = { addresses: ['::1', '127.0.0.1'], port: 5432 };

/** One of each kind: the Record type makes a new kind without a sample a compile error. */
const samples: { readonly [K in VerdictKind]: Extract<Verdict, { kind: K }> } = {
  ok: { kind: 'ok', ...tried, holder, status: 200, untrusted: null },
  'name-not-resolved': { kind: 'name-not-resolved', host: 'db.local', code: 'ENOTFOUND' },
  'nothing-listening': { kind: 'nothing-listening', ...tried },
  'other-family-only': {
    kind: 'other-family-only',
    addresses: ['127.0.0.1'],
    port: 5432,
    triedFamily: 'IPv4',
    listeningOn: ['[::1]:5432'],
    holder,
  },
  'other-address-only': {
    kind: 'other-address-only',
    addresses: ['127.0.0.1'],
    port: 5432,
    listeningOn: ['127.0.0.2:5432'],
    holder,
  },
  partial: {
    kind: 'partial',
    host: 'localhost',
    port: 5432,
    working: ['127.0.0.1'],
    failing: ['::1'],
    failingFirst: true,
    holder,
  },
  'unexpected-process': { kind: 'unexpected-process', ...at, expected: 'redis' },
  'tls-to-plain': { kind: 'tls-to-plain', ...at, peer: 'http', preview: 'HTTP/1.1 400' },
  'plain-to-tls': { kind: 'plain-to-tls', ...at },
  'tls-failed': { kind: 'tls-failed', ...at, code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' },
  'closed-without-answer': { kind: 'closed-without-answer', ...at, step: 'http', reset: false },
  'not-http': { kind: 'not-http', ...at, preview: '-ERR unknown' },
  'http-server-error': {
    kind: 'http-server-error',
    ...at,
    status: 500,
    statusLine: 'HTTP/1.1 500 Internal Server Error',
  },
  'http-client-error': {
    kind: 'http-client-error',
    ...at,
    status: 404,
    statusLine: 'HTTP/1.1 404 Not Found',
  },
  'connect-timeout': { kind: 'connect-timeout', ...tried, timeoutMs: 3000 },
  'response-timeout': { kind: 'response-timeout', ...at, step: 'http', timeoutMs: 5000 },
  'connect-failed': { kind: 'connect-failed', ...tried, code: 'EADDRNOTAVAIL', holder: null },
  'out-of-time': { kind: 'out-of-time', ...tried, totalMs: 20_000 },
};

describe('describeVerdict', () => {
  for (const verdict of Object.values(samples)) {
    it(`${verdict.kind}: a title and a next step, from its facts`, () => {
      const words = describeVerdict(verdict);
      assert.ok(words.title.length > 20, words.title);
      assert.ok(words.next.length > 20, words.next);
      assert.match(words.title, /\.$/);
      const named =
        'address' in verdict ? [verdict.address] : 'addresses' in verdict ? verdict.addresses : [];
      for (const address of named) {
        const text = `${words.title} ${words.detail}`;
        assert.ok(
          text.includes(hostPort(address, 5432)),
          `${verdict.kind} names ${address}: ${text}`,
        );
      }
    });
  }

  it('tones: ok is ok, an untrusted certificate and partial reachability are warnings', () => {
    assert.equal(describeVerdict(samples.ok).tone, 'ok');
    assert.equal(
      describeVerdict({ ...samples.ok, untrusted: 'DEPTH_ZERO_SELF_SIGNED_CERT' }).tone,
      'warning',
    );
    assert.equal(describeVerdict(samples.partial).tone, 'warning');
    assert.equal(describeVerdict(samples['nothing-listening']).tone, 'problem');
  });

  it('the localhost trap names the address to use instead, and who holds the port', () => {
    const words = describeVerdict(samples['other-family-only']);
    assert.ok(words.next.includes('[::1]:5432'), words.next);
    assert.ok(words.detail.includes('postgres (pid 812)'), words.detail);
  });

  it('the expected program and the one found are both named', () => {
    const words = describeVerdict(samples['unexpected-process']);
    assert.ok(words.title.includes('postgres (pid 812)') && words.title.includes('redis'));
  });

  it('hostPort brackets IPv6', () => {
    assert.equal(hostPort('::1', 80), '[::1]:80');
    assert.equal(hostPort('127.0.0.1', 80), '127.0.0.1:80');
  });
});

describe('diagnoseRequestSchema', () => {
  it('takes a target and the options; nothing else', () => {
    assert.ok(diagnoseRequestSchema.safeParse({ target: 'localhost:80', tls: true }).success);
    assert.ok(!diagnoseRequestSchema.safeParse({ target: 'localhost:80', extra: 1 }).success);
    assert.ok(!diagnoseRequestSchema.safeParse({}).success);
  });

  it('a target too long is the person’s input to fix, not a caller bug', () => {
    const exact = diagnoseRequestSchema.safeParse({ target: 'x'.repeat(MAX_DIAGNOSE_TARGET) });
    assert.ok(exact.success);
    const long = diagnoseRequestSchema.safeParse({ target: 'x'.repeat(MAX_DIAGNOSE_TARGET + 1) });
    assert.ok(!long.success);
    const issue = long.error?.issues[0];
    assert.equal(issue?.code, 'custom');
    assert.equal(issue?.code === 'custom' && issue.params?.[USER_INPUT_ISSUE], true);
  });
});
