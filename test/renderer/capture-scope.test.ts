// The engine the views get while a past capture is shown: every read command carries the
// capture's id, nothing else changes, and each scope is an API object of its own (views cache
// per API object, so two captures' connection #1 never share a cache).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMAND_NAMES, type CommandName } from '../../shared/contract';
import { ok } from '../../shared/errors';
import { buildApi } from '../../renderer/src/bridge/build-api';
import { scopeToCapture } from '../../renderer/src/bridge/capture-scope';

const READS: readonly CommandName[] = [
  'listListeners',
  'listConnections',
  'getConnection',
  'readChunks',
  'readPayload',
  'findConnections',
  'findInPayload',
];

/** An API that records each call's name and arguments. */
function recordingApi(calls: [string, unknown][]) {
  return buildApi(
    (name) =>
      (async (args: unknown) => {
        calls.push([name, args]);
        return ok(null);
      }) as never,
    () => () => undefined,
  );
}

describe('scopeToCapture', () => {
  it('adds the capture to every read command and to nothing else', async () => {
    const calls: [string, unknown][] = [];
    const scoped = scopeToCapture(recordingApi(calls), { capture: 'c7' });
    await scoped.readPayload({ connectionId: 3, direction: 'in', offset: 0, length: 10 });
    await scoped.listConnections({ afterId: 5 });
    await scoped.findInPayload({
      connectionId: 3,
      direction: 'out',
      pattern: { format: 'text', value: 'GET' },
    });
    await scoped.decompress({ encoding: 'gzip', data: '' });
    await scoped.suggestPort({});
    assert.deepEqual(calls, [
      ['readPayload', { connectionId: 3, direction: 'in', offset: 0, length: 10, capture: 'c7' }],
      ['listConnections', { afterId: 5, capture: 'c7' }],
      [
        'findInPayload',
        {
          connectionId: 3,
          direction: 'out',
          pattern: { format: 'text', value: 'GET' },
          capture: 'c7',
        },
      ],
      ['decompress', { encoding: 'gzip', data: '' }],
      ['suggestPort', {}],
    ]);
  });

  it('covers every read command of the contract', async () => {
    const calls: [string, unknown][] = [];
    const scoped = scopeToCapture(recordingApi(calls), { capture: 'c1' });
    for (const name of READS) {
      assert.ok(COMMAND_NAMES.includes(name));
      await (scoped[name] as (args: object) => Promise<unknown>)({});
    }
    assert.deepEqual(
      calls.map(([name, args]) => [name, (args as { capture?: string }).capture]),
      READS.map((name) => [name, 'c1']),
    );
  });

  it('gives the live capture an API object of its own, calling straight through', async () => {
    const calls: [string, unknown][] = [];
    const base = recordingApi(calls);
    const live = scopeToCapture(base, { live: 'c9' });
    assert.notEqual(live, base);
    assert.notEqual(scopeToCapture(base, { live: 'c9' }), live);
    await live.listListeners({});
    assert.deepEqual(calls, [['listListeners', {}]]);
  });
});
