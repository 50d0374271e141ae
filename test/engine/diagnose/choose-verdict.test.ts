// The verdict chooser on plain facts: one case per branch, including those a loopback test
// cannot produce for real (a connect timeout, an unresolvable name, a reset, an unreachable
// address, out of time).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  AddressProbe,
  ConnectStep,
  DiagnosisFacts,
  HttpStep,
  TlsStep,
} from '../../../shared/diagnosis/diagnosis';
import type { PortHolder } from '../../../shared/model';
import { chooseVerdict, matchesProgram } from '../../../engine/diagnose/choose-verdict';
import { DEFAULT_DIAGNOSE_TIMEOUTS } from '../../../engine/diagnose';

const PORT = 5432;

function holder(address: string, name: string | null = 'postgres'): PortHolder {
  return { pid: name === null ? null : 812, name, commandLine: name, user: 'alice', address };
}

interface ProbeSpec {
  readonly connect?: ConnectStep;
  readonly tls?: TlsStep | null;
  readonly http?: HttpStep | null;
  readonly here?: PortHolder[];
  readonly elsewhere?: PortHolder[];
}

const open: ConnectStep = { outcome: 'open', ms: 1 };
const refused: ConnectStep = { outcome: 'refused', ms: 1 };

function probe(address: string, spec: ProbeSpec = {}): AddressProbe {
  return {
    address,
    family: address.includes(':') ? 'IPv6' : 'IPv4',
    listening: { here: spec.here ?? [], elsewhere: spec.elsewhere ?? [] },
    connect: spec.connect ?? open,
    tls: spec.tls ?? null,
    http: spec.http ?? null,
  };
}

function facts(probes: AddressProbe[], more: Partial<DiagnosisFacts> = {}): DiagnosisFacts {
  return {
    target: { input: 'x', scheme: 'tcp', host: 'localhost', port: PORT, path: null, tls: false },
    expectProcess: null,
    resolution: {
      ms: 1,
      literal: false,
      addresses: probes.map((p) => ({ address: p.address, family: p.family })),
      error: null,
    },
    listeners: { ms: 1, holders: [] },
    probes,
    timeouts: DEFAULT_DIAGNOSE_TIMEOUTS,
    ...more,
  };
}

const response = (statusCode: number): HttpStep => ({
  outcome: 'response',
  ms: 2,
  ttfbMs: 1,
  statusCode,
  statusLine: `HTTP/1.1 ${statusCode} X`,
  headers: [],
  headersCut: false,
  headComplete: true,
});

const kind = (f: DiagnosisFacts) => chooseVerdict(f).kind;

describe('chooseVerdict', () => {
  it('ok: every address connects and answers 2xx/3xx; an untrusted certificate is carried', () => {
    assert.equal(kind(facts([probe('127.0.0.1', { http: response(302) })])), 'ok');
    const v = chooseVerdict(
      facts([
        probe('127.0.0.1', {
          here: [holder('127.0.0.1:5432')],
          tls: {
            outcome: 'ok',
            ms: 1,
            protocol: 'TLSv1.3',
            alpn: null,
            certificate: null,
            trusted: false,
            authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
          },
          http: response(200),
        }),
      ]),
    );
    assert.ok(v.kind === 'ok' && v.untrusted === 'DEPTH_ZERO_SELF_SIGNED_CERT' && v.status === 200);
    assert.ok(v.kind === 'ok' && v.holder?.name === 'postgres');
  });

  it('name-not-resolved: no address at all', () => {
    const f = facts([], {
      resolution: { ms: 5, literal: false, addresses: [], error: 'ENOTFOUND' },
      listeners: null,
    });
    const v = chooseVerdict(f);
    assert.ok(v.kind === 'name-not-resolved' && v.code === 'ENOTFOUND' && v.host === 'localhost');
  });

  it('out-of-time: resolved, but no address could be tried', () => {
    const skipped: ConnectStep = { outcome: 'skipped', ms: 0 };
    assert.equal(kind(facts([probe('127.0.0.1', { connect: skipped })])), 'out-of-time');
  });

  it('nothing-listening: refused, and no holder anywhere on the port', () => {
    const v = chooseVerdict(facts([probe('127.0.0.1', { connect: refused })]));
    assert.deepEqual(v, { kind: 'nothing-listening', addresses: ['127.0.0.1'], port: PORT });
  });

  it('other-family-only: refused on IPv4, held on ::1 (and the reverse)', () => {
    const v = chooseVerdict(
      facts([probe('127.0.0.1', { connect: refused, elsewhere: [holder('[::1]:5432')] })]),
    );
    assert.ok(v.kind === 'other-family-only' && v.triedFamily === 'IPv4');
    assert.ok(v.kind === 'other-family-only' && v.listeningOn[0] === '[::1]:5432');
    const reverse = chooseVerdict(
      facts([probe('::1', { connect: refused, elsewhere: [holder('127.0.0.1:5432')] })]),
    );
    assert.ok(reverse.kind === 'other-family-only' && reverse.triedFamily === 'IPv6');
  });

  it('other-address-only: refused, held on another address of the same family', () => {
    const v = chooseVerdict(
      facts([probe('127.0.0.1', { connect: refused, elsewhere: [holder('127.0.0.2:5432')] })]),
    );
    assert.ok(v.kind === 'other-address-only' && v.listeningOn[0] === '127.0.0.2:5432');
  });

  it('the other family wins over another address of the same family', () => {
    const elsewhere = [holder('192.168.1.5:5432'), holder('[::1]:5432')];
    assert.equal(
      kind(facts([probe('127.0.0.1', { connect: refused, elsewhere })])),
      'other-family-only',
    );
  });

  it('connect-failed: refused although listed as listening there; or an OS error', () => {
    const listed = chooseVerdict(
      facts([probe('127.0.0.1', { connect: refused, here: [holder('0.0.0.0:5432')] })]),
    );
    assert.ok(listed.kind === 'connect-failed' && listed.code === 'ECONNREFUSED');
    const unreachable: ConnectStep = { outcome: 'error', ms: 1, code: 'EADDRNOTAVAIL' };
    const v = chooseVerdict(facts([probe('::1', { connect: unreachable })]));
    assert.ok(v.kind === 'connect-failed' && v.code === 'EADDRNOTAVAIL');
  });

  it('connect-timeout: every address timed out', () => {
    const timeout: ConnectStep = { outcome: 'timeout', ms: 3000 };
    const v = chooseVerdict(
      facts([probe('::1', { connect: timeout }), probe('127.0.0.1', { connect: timeout })]),
    );
    assert.ok(v.kind === 'connect-timeout' && v.addresses.length === 2 && v.timeoutMs === 3000);
  });

  it('partial: some addresses work; says whether a failing one comes first', () => {
    const first = chooseVerdict(
      facts([probe('::1', { connect: refused }), probe('127.0.0.1', { http: response(200) })]),
    );
    assert.ok(first.kind === 'partial' && first.failingFirst);
    assert.ok(first.kind === 'partial' && first.working[0] === '127.0.0.1');
    assert.ok(first.kind === 'partial' && first.failing[0] === '::1');
    const later = chooseVerdict(facts([probe('127.0.0.1'), probe('::1', { connect: refused })]));
    assert.ok(later.kind === 'partial' && !later.failingFirst);
    // An address that connects but answers badly is failing too.
    const bad = chooseVerdict(
      facts([probe('::1', { http: response(500) }), probe('127.0.0.1', { http: response(200) })]),
    );
    assert.ok(bad.kind === 'partial' && bad.failingFirst);
  });

  it('unexpected-process: a named holder that is not the expected program; unnamed is no evidence', () => {
    const here = [holder('127.0.0.1:5432', 'nginx')];
    const v = chooseVerdict(
      facts([probe('127.0.0.1', { here, http: response(500) })], { expectProcess: 'postgres' }),
    );
    assert.ok(v.kind === 'unexpected-process' && v.holder.name === 'nginx');
    assert.equal(
      kind(facts([probe('127.0.0.1', { here })], { expectProcess: 'NGINX' })),
      'ok',
      'matched case-insensitively',
    );
    const hidden = [holder('127.0.0.1:5432', null)];
    assert.equal(kind(facts([probe('127.0.0.1', { here: hidden })], { expectProcess: 'x' })), 'ok');
  });

  it('tls-to-plain, tls-failed, closed during TLS, and a TLS timeout', () => {
    const failed = (
      peer: 'http' | 'other' | 'tls' | 'nothing',
      code: string | null = null,
    ): TlsStep => ({
      outcome: 'failed',
      ms: 1,
      code,
      peer,
      preview: 'HTTP/1.1 400',
    });
    const plain = chooseVerdict(facts([probe('127.0.0.1', { tls: failed('http') })]));
    assert.ok(plain.kind === 'tls-to-plain' && plain.peer === 'http');
    assert.equal(kind(facts([probe('127.0.0.1', { tls: failed('other') })])), 'tls-to-plain');
    assert.equal(kind(facts([probe('127.0.0.1', { tls: failed('tls') })])), 'tls-failed');
    const closed = chooseVerdict(
      facts([probe('127.0.0.1', { tls: failed('nothing', 'ECONNRESET') })]),
    );
    assert.ok(closed.kind === 'closed-without-answer' && closed.step === 'tls' && closed.reset);
    const slow = chooseVerdict(
      facts([probe('127.0.0.1', { tls: { outcome: 'timeout', ms: 3000, peer: 'nothing' } })]),
    );
    assert.ok(slow.kind === 'response-timeout' && slow.step === 'tls');
    // A plain server that said something and then waited is still plain text, not a timeout.
    const banner: TlsStep = { outcome: 'timeout', ms: 3000, peer: 'other' };
    assert.equal(kind(facts([probe('127.0.0.1', { tls: banner })])), 'tls-to-plain');
  });

  it('the HTTP answers: TLS record, not HTTP, closed, reset, timeout, 5xx, 4xx', () => {
    const at = (http: HttpStep) => kind(facts([probe('127.0.0.1', { http })]));
    assert.equal(
      at({ outcome: 'tls-record', ms: 1, ttfbMs: 1, preview: '\\x15\\x03' }),
      'plain-to-tls',
    );
    assert.equal(at({ outcome: 'not-http', ms: 1, ttfbMs: 1, preview: '-ERR' }), 'not-http');
    assert.equal(at({ outcome: 'closed', ms: 1, reset: false }), 'closed-without-answer');
    const reset = chooseVerdict(
      facts([probe('127.0.0.1', { http: { outcome: 'error', ms: 1, code: 'ECONNRESET' } })]),
    );
    assert.ok(reset.kind === 'closed-without-answer' && reset.reset);
    assert.equal(at({ outcome: 'timeout', ms: 5000, bytes: 0 }), 'response-timeout');
    assert.equal(at(response(503)), 'http-server-error');
    assert.equal(at(response(401)), 'http-client-error');
    assert.equal(at(response(204)), 'ok');
  });

  it('nothing works: the first connected address tells the story over the refused ones', () => {
    const v = chooseVerdict(
      facts([probe('::1', { connect: refused }), probe('127.0.0.1', { http: response(500) })]),
    );
    assert.equal(v.kind, 'http-server-error');
  });
});

describe('matchesProgram', () => {
  it('by name or command line, case-insensitively', () => {
    const h: PortHolder = {
      pid: 1,
      name: 'node',
      commandLine: 'node /srv/api/server.js',
      user: null,
      address: '127.0.0.1:1',
    };
    assert.ok(matchesProgram(h, 'Node'));
    assert.ok(matchesProgram(h, 'server.js'));
    assert.ok(!matchesProgram(h, 'postgres'));
  });
});
