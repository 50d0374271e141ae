// The behaviour forms' drafts → the contract's BehaviourConfig and FaultConfig: every kind,
// empty and invalid fields, header lines, and what UDP ports refuse. Every accepted result is
// also run through the contract's own schema, so the form never sends what the engine refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { behaviourSchema, faultsSchema, NO_FAULTS } from '../../shared/behaviours';
import {
  DEFAULT_DRAFT,
  draftFromConfig,
  draftToConfig,
  type BehaviourDraft,
  type DraftResult,
} from '../../renderer/src/features/ports/behaviour/behaviour-draft';

type Patch = {
  kind?: BehaviourDraft['kind'];
  reply?: Partial<BehaviourDraft['reply']>;
  http?: Partial<BehaviourDraft['http']>;
  relay?: Partial<BehaviourDraft['relay']>;
  mock?: Partial<BehaviourDraft['mock']>;
  faults?: Partial<BehaviourDraft['faults']>;
};

function draft(patch: Patch = {}): BehaviourDraft {
  const d = DEFAULT_DRAFT;
  return {
    kind: patch.kind ?? d.kind,
    reply: { ...d.reply, ...patch.reply },
    http: { ...d.http, ...patch.http },
    relay: { ...d.relay, ...patch.relay },
    mock: { ...d.mock, ...patch.mock },
    faults: { ...d.faults, ...patch.faults },
  };
}

function accepted(result: DraftResult) {
  if (!result.ok) assert.fail(`expected success, got ${JSON.stringify(result.errors)}`);
  assert.ok(behaviourSchema.safeParse(result.behaviour).success, 'schema accepts the behaviour');
  assert.ok(faultsSchema.safeParse(result.faults).success, 'schema accepts the faults');
  return result;
}

function errorsOf(result: DraftResult) {
  if (result.ok) assert.fail(`expected errors, got ${JSON.stringify(result.behaviour)}`);
  return result.errors;
}

const text = (value: string) => ({ format: 'text' as const, value });
const hex = (value: string) => ({ format: 'hex' as const, value });

describe('behaviour draft: capture and echo', () => {
  it('converts capture and echo with no faults', () => {
    const c = accepted(draftToConfig(draft(), 'tcp'));
    assert.deepEqual(c.behaviour, { kind: 'capture' });
    assert.deepEqual(c.faults, NO_FAULTS);
    const e = accepted(draftToConfig(draft({ kind: 'echo' }), 'udp'));
    assert.deepEqual(e.behaviour, { kind: 'echo' });
  });

  it('ignores the fields of kinds not chosen, even when they are invalid', () => {
    const d = draft({ kind: 'echo', relay: { port: 'nope' }, http: { status: '42' } });
    assert.deepEqual(accepted(draftToConfig(d, 'tcp')).behaviour, { kind: 'echo' });
  });
});

describe('behaviour draft: fixed reply', () => {
  it('sends empty payloads as null and keeps the formats', () => {
    const d = draft({ kind: 'reply', reply: { onData: hex('2b 4f 4b'), closeAfterReply: true } });
    assert.deepEqual(accepted(draftToConfig(d, 'tcp')).behaviour, {
      kind: 'reply',
      onConnect: null,
      onData: hex('2b 4f 4b'),
      closeAfterReply: true,
    });
  });

  it('asks for at least one reply', () => {
    const tcp = errorsOf(draftToConfig(draft({ kind: 'reply' }), 'tcp'));
    assert.match(tcp.onData ?? '', /reply on connect, a reply to each chunk/);
    const udp = errorsOf(draftToConfig(draft({ kind: 'reply' }), 'udp'));
    assert.match(udp.onData ?? '', /each datagram/);
  });

  it('reports payload parse errors with their position, per field', () => {
    const d = draft({ kind: 'reply', reply: { onConnect: text('hi\\q'), onData: hex('abc') } });
    const errors = errorsOf(draftToConfig(d, 'tcp'));
    assert.match(errors.onConnect ?? '', /Unknown escape \\q.*at character 3/);
    assert.match(errors.onData ?? '', /Odd number of hex digits/);
  });

  it('drops "on connect" on UDP, where the field is hidden', () => {
    const d = draft({ kind: 'reply', reply: { onConnect: text('hello'), onData: text('pong') } });
    const c = accepted(draftToConfig(d, 'udp'));
    assert.deepEqual(c.behaviour, {
      kind: 'reply',
      onConnect: null,
      onData: text('pong'),
      closeAfterReply: false,
    });
    // On UDP, on-connect alone is no reply at all.
    const only = draft({ kind: 'reply', reply: { onConnect: text('hello') } });
    assert.ok(errorsOf(draftToConfig(only, 'udp')).onData);
  });
});

describe('behaviour draft: HTTP responder', () => {
  it('converts the defaults into a working response', () => {
    const c = accepted(draftToConfig(draft({ kind: 'http' }), 'tcp'));
    assert.deepEqual(c.behaviour, {
      kind: 'http',
      status: 200,
      reason: '',
      headers: [['Content-Type', 'text/plain; charset=utf-8']],
      body: text('Hello from Porthole\\n'),
    });
  });

  it('parses header lines, skipping blanks and trimming', () => {
    const headers = 'X-One: 1\n\n  \r\nX-Two :  two words  \nEmpty:';
    const d = draft({ kind: 'http', http: { status: ' 404 ', reason: ' Gone ', headers } });
    const b = accepted(draftToConfig(d, 'tcp')).behaviour;
    assert.equal(b.kind, 'http');
    if (b.kind !== 'http') return;
    assert.equal(b.status, 404);
    assert.equal(b.reason, 'Gone');
    assert.deepEqual(b.headers, [
      ['X-One', '1'],
      ['X-Two', 'two words'],
      ['Empty', ''],
    ]);
  });

  it('points at the bad header line', () => {
    const cases: [string, RegExp][] = [
      ['Good: 1\nno colon here', /^Line 2: no colon/],
      ['Bad Name: x', /^Line 1: "Bad Name" is not a valid header name/],
      [': value', /^Line 1: the header name .* is missing/],
      ['A: 1\n  folded', /^Line 2: starts with a space/],
    ];
    for (const [headers, message] of cases) {
      const errors = errorsOf(draftToConfig(draft({ kind: 'http', http: { headers } }), 'tcp'));
      assert.match(errors.headers ?? '', message, headers);
    }
  });

  it('refuses more than 100 headers', () => {
    const headers = Array.from({ length: 101 }, (_, i) => `X-${i}: ${i}`).join('\n');
    const errors = errorsOf(draftToConfig(draft({ kind: 'http', http: { headers } }), 'tcp'));
    assert.match(errors.headers ?? '', /^Line 101: more than 100 headers/);
  });

  it('checks the status and the reason', () => {
    for (const status of ['', '99', '600', '2OO', '200.5']) {
      const errors = errorsOf(draftToConfig(draft({ kind: 'http', http: { status } }), 'tcp'));
      assert.match(errors.status ?? '', /100 to 599/, status);
    }
    const reason = 'x'.repeat(129);
    assert.ok(errorsOf(draftToConfig(draft({ kind: 'http', http: { reason } }), 'tcp')).reason);
  });

  it('accepts an empty body and rejects a bad one', () => {
    const empty = draft({ kind: 'http', http: { body: text('') } });
    const b = accepted(draftToConfig(empty, 'tcp')).behaviour;
    assert.deepEqual(b.kind === 'http' ? b.body : null, text(''));
    const bad = draft({ kind: 'http', http: { body: hex('zz') } });
    assert.match(errorsOf(draftToConfig(bad, 'tcp')).body ?? '', /not a hex digit/);
  });

  it('is refused on UDP, with the shared reason', () => {
    const errors = errorsOf(draftToConfig(draft({ kind: 'http' }), 'udp'));
    assert.equal(errors.kind, 'The HTTP responder needs a TCP port.');
  });
});

describe('behaviour draft: relay', () => {
  it('converts host, port and timeout; an empty timeout is the default', () => {
    const d = draft({ kind: 'relay', relay: { host: ' localhost ', port: '6379', timeoutMs: '' } });
    assert.deepEqual(accepted(draftToConfig(d, 'tcp')).behaviour, {
      kind: 'relay',
      host: 'localhost',
      port: 6379,
      connectTimeoutMs: 5000,
    });
  });

  it('takes an IPv6 upstream with or without brackets', () => {
    const d = draft({ kind: 'relay', relay: { host: '[::1]', port: '5432', timeoutMs: '250' } });
    const b = accepted(draftToConfig(d, 'udp')).behaviour;
    assert.deepEqual(b, { kind: 'relay', host: '::1', port: 5432, connectTimeoutMs: 250 });
  });

  it('names every bad field', () => {
    const d = draft({ kind: 'relay', relay: { host: 'a b', port: '70000', timeoutMs: '50' } });
    const errors = errorsOf(draftToConfig(d, 'tcp'));
    assert.match(errors.host ?? '', /not a host name/);
    assert.match(errors.port ?? '', /1 to 65535/);
    assert.match(errors.timeoutMs ?? '', /100 to 120,000/);
    const noHost = draft({ kind: 'relay', relay: { host: '  ', port: '' } });
    const e2 = errorsOf(draftToConfig(noHost, 'tcp'));
    assert.ok(e2.host);
    assert.ok(e2.port, 'the upstream port has no default');
  });
});

describe('behaviour draft: faults', () => {
  it('treats empty as off and accepts separators', () => {
    const d = draft({
      kind: 'echo',
      faults: {
        delayMs: '1,500',
        bytesPerSecond: '64_000',
        splitBytes: ' 1 ',
        resetAfterBytes: '',
      },
    });
    assert.deepEqual(accepted(draftToConfig(d, 'tcp')).faults, {
      delayMs: 1500,
      bytesPerSecond: 64000,
      splitBytes: 1,
      resetAfterBytes: null,
    });
  });

  it('refuses zero, negatives, fractions and words', () => {
    const d = draft({
      faults: { delayMs: '-1', bytesPerSecond: '0', splitBytes: '1.5', resetAfterBytes: 'ten' },
    });
    const errors = errorsOf(draftToConfig(d, 'tcp'));
    assert.deepEqual(Object.keys(errors).sort(), [
      'bytesPerSecond',
      'delayMs',
      'resetAfterBytes',
      'splitBytes',
    ]);
    const tooLong = draft({ faults: { delayMs: '600001' } });
    assert.ok(errorsOf(draftToConfig(tooLong, 'tcp')).delayMs);
  });

  it('takes 0 as "reset on connect", not as off', () => {
    const d = draft({ kind: 'echo', faults: { ...draft({}).faults, resetAfterBytes: '0' } });
    assert.equal(accepted(draftToConfig(d, 'tcp')).faults.resetAfterBytes, 0);
  });

  it('keeps only the delay on UDP, where the stream faults are disabled', () => {
    const d = draft({
      kind: 'echo',
      faults: { delayMs: '20', bytesPerSecond: 'junk', splitBytes: '4', resetAfterBytes: '9' },
    });
    assert.deepEqual(accepted(draftToConfig(d, 'udp')).faults, { ...NO_FAULTS, delayMs: 20 });
  });
});

describe('behaviour draft: from a port’s configuration', () => {
  it('round-trips every kind', () => {
    const configs = [
      { kind: 'capture' },
      { kind: 'echo' },
      { kind: 'reply', onConnect: text('hi\\r\\n'), onData: null, closeAfterReply: true },
      {
        kind: 'http',
        status: 503,
        reason: 'Busy',
        headers: [
          ['Retry-After', '5'],
          ['X-A', 'b: c'],
        ],
        body: hex('00 ff'),
      },
      { kind: 'relay', host: '127.0.0.1', port: 6379, connectTimeoutMs: 900 },
    ] as const;
    const faults = { delayMs: 10, bytesPerSecond: 100, splitBytes: null, resetAfterBytes: 7 };
    for (const config of configs) {
      const behaviour = behaviourSchema.parse(config);
      const back = accepted(draftToConfig(draftFromConfig(behaviour, faults), 'tcp'));
      assert.deepEqual(back.behaviour, behaviour, config.kind);
      assert.deepEqual(back.faults, faults);
    }
  });

  it('shows no faults as empty fields', () => {
    const d = draftFromConfig({ kind: 'capture' }, NO_FAULTS);
    assert.deepEqual(d.faults, DEFAULT_DRAFT.faults);
    assert.deepEqual(d.http, DEFAULT_DRAFT.http, 'other kinds keep their defaults');
  });
});

describe('behaviour draft: answer like a recording', () => {
  it('takes the connection number, with or without its #, and the options', () => {
    const result = accepted(
      draftToConfig(
        draft({
          kind: 'mock',
          mock: { connectionId: '#12', timing: 'schedule', onDivergence: 'reset' },
        }),
        'tcp',
      ),
    );
    assert.deepEqual(result.behaviour, {
      kind: 'mock',
      connectionId: 12,
      timing: 'schedule',
      onDivergence: 'reset',
    });
    assert.deepEqual(draftFromConfig(result.behaviour, NO_FAULTS).mock, {
      connectionId: '12',
      timing: 'schedule',
      onDivergence: 'reset',
    });
  });

  it('asks for a connection number', () => {
    for (const connectionId of ['', 'twelve', '0', '1.5']) {
      const errors = errorsOf(
        draftToConfig(draft({ kind: 'mock', mock: { connectionId } }), 'tcp'),
      );
      assert.match(errors.connectionId ?? '', /number of the connection/, connectionId);
    }
  });

  it('answers each datagram on UDP, where the timing field is hidden', () => {
    const result = accepted(
      draftToConfig(
        draft({ kind: 'mock', mock: { connectionId: '3', timing: 'schedule' } }),
        'udp',
      ),
    );
    assert.equal(result.behaviour.kind === 'mock' && result.behaviour.timing, 'turns');
  });
});
