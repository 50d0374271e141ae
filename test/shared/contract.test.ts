// The contract guard: every command's schema rejects malformed input with a typed error before
// any handler runs; unknown commands and throwing handlers still produce envelopes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  COMMAND_NAMES,
  MAX_PAGE,
  MAX_READ_BYTES,
  dispatchCommand,
  type CommandHandlers,
  type EngineHandlers,
  type CommandName,
  type HostCommandName,
} from '../../shared/contract';
import { isErrorCode } from '../../shared/errors';
import { startEngine, type Harness } from '../support/engine-harness';

/** Malformed arguments per command. A Record, so a new command without cases fails to compile. */
const malformed: Record<CommandName, readonly unknown[]> = {
  openListener: [
    { host: 'evil.example', port: 0 },
    { host: '127.0.0.1', port: 0, behaviour: 'relay' },
    'open please',
  ],
  reopenListener: [{}, { id: '' }, { id: 5 }, { id: 'l1', extra: 1 }],
  setBehaviour: [
    { id: 'l1' },
    { id: 'l1', behaviour: { kind: 'teleport' } },
    { id: 'l1', behaviour: { kind: 'relay', host: '127.0.0.1' } },
    { id: 'l1', behaviour: { kind: 'echo' }, faults: { delayMs: -1 } },
    { id: 'l1', behaviour: { kind: 'echo', extra: 1 } },
  ],
  sendData: [
    { connectionId: 1 },
    { connectionId: 1, data: 'hi' },
    { connectionId: 1, data: { format: 'base64', value: 'aGk=' } },
  ],
  closeListener: [{ id: 'x'.repeat(65) }, { id: null }],
  removeListener: [{}, { id: ['l1'] }],
  listListeners: [{ all: true }, { capture: '../etc' }, { capture: '' }],
  exportCapture: [
    {},
    { format: 'zip' },
    { format: 'raw', connectionIds: [1] },
    { format: 'pcapng', direction: 'in' },
    { format: 'pcapng', connectionIds: [] },
    { format: 'pcapng', capture: '../x' },
    { format: 'pcapng', range: { offset: 0, length: 1 } },
    { format: 'raw', connectionIds: [1], direction: 'in', range: { offset: 0, length: 0 } },
  ],
  importCapture: [{}, { source: 'url' }, { source: 'upload', fileName: '', size: 1 }],
  cancelTransfer: [{}, { id: 7 }],
  listMachineSockets: [{ port: 80 }, 'all'],
  compareConnections: [
    { a: 1 },
    { a: 0, b: 1 },
    { a: 1, b: 2, decoder: 'smtp' },
    { a: 1, b: 2, x: 1 },
  ],
  compareChanges: [
    { job: 'j' },
    { job: 'j', direction: 'up' },
    { job: '', direction: 'in' },
    { job: 'j', direction: 'in', seen: -1 },
  ],
  cancelCompare: [{}, { job: 3 }],
  listConnections: [{ limit: 0 }, { limit: MAX_PAGE + 1 }, { afterId: -1 }, { afterId: 1.5 }],
  getConnection: [{ id: 0 }, { id: 1.5 }, { id: '1' }, { id: 1, capture: 'a/b' }],
  readChunks: [
    { connectionId: 1, from: -1, count: 1 },
    { connectionId: 1, from: 0, count: 0 },
    { connectionId: 1, from: 0 },
  ],
  readPayload: [
    { connectionId: 1, direction: 'in', offset: 0, length: 0 },
    { connectionId: 1, direction: 'in', offset: 0, length: MAX_READ_BYTES + 1 },
    { connectionId: 1, direction: 'both', offset: 0, length: 1 },
    { connectionId: 1, direction: 'in', offset: -5, length: 1 },
  ],
  closeConnection: [{ id: '1' }, { id: -1 }, { id: 1, mode: 'explode' }],
  replayConnection: [
    {},
    { connectionId: 0 },
    { connectionId: 1, pacing: 'warp' },
    { connectionId: 1, speed: 3 },
    { connectionId: 1, target: { kind: 'address', host: '127.0.0.1', port: 0 } },
    { connectionId: 1, writes: [] },
    { connectionId: 1, writes: [{ format: 'hex' }] },
  ],
  findConnections: [
    {},
    { pattern: 'GET' },
    { pattern: { format: 'text', value: 'a' }, direction: 'sideways' },
    { pattern: { format: 'text', value: 'a' }, afterId: -1 },
    { pattern: { format: 'text', value: 'a' }, limit: 0 },
    { pattern: { format: 'base64', value: 'YQ==' } },
  ],
  findInPayload: [
    { connectionId: 1, direction: 'in' },
    { connectionId: 1, direction: 'both', pattern: { format: 'text', value: 'a' } },
    { connectionId: 0, direction: 'in', pattern: { format: 'text', value: 'a' } },
    { connectionId: 1, direction: 'in', pattern: { format: 'text', value: 'a' }, from: -1 },
    { connectionId: 1, direction: 'in', pattern: { format: 'text', value: 'a' }, limit: 0 },
  ],
  decompress: [
    {},
    { encoding: 'zip', data: '' },
    { encoding: 'gzip' },
    { encoding: 'gzip', data: 5 },
    { encoding: 'gzip', data: '', extra: true },
  ],
  clearHistory: [{ closedOnly: false }],
  setLimits: [{ totalBytes: -1 }, { perConnectionBytes: 1.5 }, { maxFiles: 3 }],
  getStats: [{ verbose: true }],
  suggestPort: [{ port: 1 }, { after: -1 }, { protocol: 'sctp' }],
  listCaptures: [{ all: true }],
  renameCapture: [{ capture: 'x' }, { capture: '..', name: 'a' }, { capture: 'x', name: 5 }],
  deleteCapture: [{}, { capture: '/tmp' }, { capture: 'x'.repeat(65) }],
  newCapture: [{ name: 'x' }],
  getSettings: [{ persist: true }],
  setSettings: [{ persist: 'yes' }, { keepCaptures: 0 }, { keepBytes: 1 }, { retention: 3 }],
  exportWorkspace: [{ pretty: true }],
  importWorkspace: [{}, { workspace: {}, merge: true }],
  setOpenAtStart: [{ id: 'l1' }, { id: 'l1', openAtStart: 'yes' }],
  diagnoseConnection: [
    {},
    { target: 5 },
    { target: 'localhost:80', tls: 'yes' },
    { target: 'localhost:80', allowRemote: 1 },
    { target: 'localhost:80', extra: true },
  ],
};

describe('contract guard (dispatchCommand)', () => {
  let h: Harness;
  before(() => {
    h = startEngine();
  });
  after(() => h.close());

  it('the engine implements every command but the host export and import', () => {
    const host: readonly CommandName[] = [
      'exportCapture',
      'importCapture',
    ] satisfies HostCommandName[];
    for (const name of COMMAND_NAMES) {
      const handler = (h.engine.handlers as Partial<CommandHandlers>)[name];
      assert.equal(typeof handler, host.includes(name) ? 'undefined' : 'function', name);
    }
  });

  it('a host command sent to the engine alone is refused, not lost', async () => {
    const result = await dispatchCommand(h.engine.handlers, 'exportCapture', { format: 'pcapng' });
    assert.equal(!result.ok && result.error.code, 'UNKNOWN_COMMAND');
  });

  for (const name of COMMAND_NAMES) {
    it(`${name} rejects malformed arguments with a typed error`, async () => {
      const cases = malformed[name];
      assert.ok(cases.length > 0);
      for (const args of cases) {
        const result = await dispatchCommand(h.engine.handlers, name, args);
        assert.equal(result.ok, false, `${name} ${JSON.stringify(args)}`);
        if (result.ok) continue;
        assert.ok(isErrorCode(result.error.code));
        assert.equal(result.error.code, 'INVALID_ARGUMENT', `${name} ${JSON.stringify(args)}`);
        assert.ok(result.error.message.length > 0 && result.error.hint.length > 0);
      }
    });
  }

  it('nothing changed after all those rejected calls', async () => {
    assert.deepEqual(await h.must('listListeners', {}), []);
    assert.equal((await h.must('getStats', {})).connectionsTotal, 0);
  });

  it('unknown commands get UNKNOWN_COMMAND, including prototype names', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const result = await dispatchCommand(h.engine.handlers, name, {});
      assert.equal(!result.ok && result.error.code, 'UNKNOWN_COMMAND', String(name));
    }
  });

  it('a throwing handler becomes an INTERNAL envelope', async () => {
    const seen: unknown[] = [];
    const handlers: EngineHandlers = {
      ...h.engine.handlers,
      getStats: () => {
        throw new Error('kaboom');
      },
    };
    const result = await dispatchCommand(handlers, 'getStats', {}, (e) => seen.push(e));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'INTERNAL');
    assert.match(!result.ok ? result.error.message : '', /kaboom/);
    assert.equal(seen.length, 1);
  });

  it('defaults are filled in before the handler runs', async () => {
    const page = await dispatchCommand(h.engine.handlers, 'listConnections', undefined);
    assert.deepEqual(page, { ok: true, value: { connections: [], nextAfterId: null } });
    const opened = await dispatchCommand(h.engine.handlers, 'openListener', { port: 0 });
    assert.ok(opened.ok);
    const info = opened.value as { host: string; id: string };
    assert.equal(info.host, 'localhost', 'loopback (both families) by default');
    await h.must('closeListener', { id: info.id });
  });

  it('values a person typed get INVALID_INPUT in their own words, and change nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ format: 'text', value: 'bad \\q escape' }, /Unknown escape \\q/],
      [{ format: 'text', value: 'cut \\x4' }, /\\x needs two hex digits/],
      [{ format: 'hex', value: '0d 0a 0' }, /Odd number of hex digits/],
      [{ format: 'hex', value: 'zz' }, /"z" is not a hex digit/],
    ];
    for (const [body, message] of cases) {
      const result = await dispatchCommand(h.engine.handlers, 'openListener', {
        port: 0,
        behaviour: { kind: 'http', body },
      });
      assert.equal(!result.ok && result.error.code, 'INVALID_INPUT', JSON.stringify(body));
      assert.match(!result.ok ? result.error.message : '', message);
    }
    const header = await dispatchCommand(h.engine.handlers, 'openListener', {
      port: 0,
      behaviour: { kind: 'http', headers: [['X-Ok', 'a\r\nSet-Cookie: x=1']] },
    });
    assert.equal(!header.ok && header.error.code, 'INVALID_INPUT');
    assert.match(!header.ok ? header.error.message : '', /line break/);
    const host = await dispatchCommand(h.engine.handlers, 'openListener', {
      port: 0,
      behaviour: { kind: 'relay', host: 'http://db:5432', port: 5432 },
    });
    assert.equal(!host.ok && host.error.code, 'INVALID_INPUT');
    assert.deepEqual(
      (await h.must('listListeners', {})).filter((l) => l.state === 'open').length,
      0,
    );
  });

  it('a port number out of range is INVALID_PORT wherever it is given', async () => {
    for (const [name, args] of [
      ['openListener', { port: 70000 }],
      ['reopenListener', { id: 'l1', port: 0 }],
      ['reopenListener', { id: 'l1', port: 65536 }],
    ] as const) {
      const result = await dispatchCommand(h.engine.handlers, name, args);
      assert.equal(!result.ok && result.error.code, 'INVALID_PORT', JSON.stringify(args));
    }
  });

  it('behaviours a protocol cannot run are refused with the reason', async () => {
    const http = await h.call('openListener', {
      protocol: 'udp',
      port: 0,
      behaviour: { kind: 'http' },
    });
    assert.equal(!http.ok && http.error.code, 'BEHAVIOUR_UNSUPPORTED');
    assert.match(!http.ok ? http.error.message : '', /needs a TCP port/);
    const split = await h.call('openListener', {
      protocol: 'udp',
      port: 0,
      faults: { splitBytes: 10 },
    });
    assert.equal(!split.ok && split.error.code, 'BEHAVIOUR_UNSUPPORTED');
  });
});
