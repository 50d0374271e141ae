// When the remembered-ports file is written: only for changes a workspace holds (never for
// traffic), debounced, retried after a failure, never over a file that could not be set aside.
// The writer is injected, so every write is seen; the batches are real ListenerInfo snapshots.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventBatch, ListenerInfo } from '../../../shared/model';
import type { Workspace } from '../../../shared/workspace';
import { EngineCore } from '../../../engine/core/engine-core';
import { RememberedPorts } from '../../../engine/workspace/remembered-ports';
import { within } from '../../support/within';

const core = new EngineCore();
const base = core.createListener({ protocol: 'tcp', host: '127.0.0.1', port: 4000 }).snapshot();
const other = core.createListener({ protocol: 'udp', host: '::1', port: 5000 }).snapshot();
const EMPTY: Workspace = { kind: 'porthole-workspace', version: 1, ports: [] };

function batch(listeners: ListenerInfo[], removedListeners: string[] = []): EventBatch {
  return {
    seq: 1,
    listeners,
    connections: [],
    removedConnections: [],
    removedListeners,
    cleared: false,
    stats: core.stats(),
  };
}

/** A store whose writes are recorded (with when they started) and can be made to fail. */
function recordingStore(intervalMs: number, blocked: string | null = null) {
  const writes: number[] = [];
  let failWith: Error | null = null;
  let onWrite: (() => void) | null = null;
  const store = new RememberedPorts({
    dataDir: '/nowhere',
    current: () => EMPTY,
    blocked,
    intervalMs,
    write: async () => {
      writes.push(performance.now());
      onWrite?.();
      if (failWith !== null) throw failWith;
    },
  });
  return {
    store,
    writes,
    failNext(error: Error | null) {
      failWith = error;
    },
    nextWrite: () => within(new Promise<void>((resolve) => (onWrite = resolve)), 'a write'),
  };
}

describe('remembered ports file: when it is written', () => {
  it('traffic and state alone never write; what a workspace holds does, once per burst', async () => {
    const r = recordingStore(10_000);
    r.store.remember([base, other]);
    r.store.onBatch(batch([{ ...base, bytesIn: 10, bytesOut: 99, connectionsTotal: 3 }]));
    r.store.onBatch(batch([{ ...base, state: 'open', port: 4000, openedAt: 1 }]));
    r.store.onBatch(batch([{ ...other, state: 'failed', closedAt: 2 }]));
    await r.store.close();
    assert.equal(r.writes.length, 0, 'nothing a workspace holds changed');

    for (const change of [
      { ...base, behaviour: { kind: 'echo' as const } },
      { ...base, faults: { ...base.faults, delayMs: 5 } },
      { ...base, openAtStart: true },
      { ...base, port: 4001 },
    ]) {
      const s = recordingStore(10_000);
      s.store.remember([base, other]);
      // A burst of changes (and of unchanged repeats) in one interval is one write, at close.
      for (let i = 0; i < 20; i++) s.store.onBatch(batch([change, other]));
      await s.store.close();
      assert.equal(s.writes.length, 1, JSON.stringify(change));
    }

    const added = recordingStore(10_000);
    added.store.onBatch(batch([base]));
    await added.store.close();
    assert.equal(added.writes.length, 1, 'a new port');

    const removed = recordingStore(10_000);
    removed.store.remember([base]);
    removed.store.onBatch(batch([], ['no-such-id']));
    assert.equal(removed.writes.length, 0);
    removed.store.onBatch(batch([], [base.id]));
    await removed.store.close();
    assert.equal(removed.writes.length, 1, 'a removed port');
  });

  it('at most one write per interval while changes keep coming', async () => {
    const interval = 40;
    const r = recordingStore(interval);
    const until = performance.now() + 400;
    let delay = 0;
    while (performance.now() < until) {
      r.store.onBatch(batch([{ ...base, faults: { ...base.faults, delayMs: ++delay } }]));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await r.store.close();
    assert.ok(r.writes.length >= 2, `kept writing (${r.writes.length})`);
    for (let i = 1; i < r.writes.length - 1; i++) {
      const gap = (r.writes[i] ?? 0) - (r.writes[i - 1] ?? 0);
      assert.ok(gap >= interval - 2, `write ${i} came ${gap.toFixed(1)} ms after the last`);
    }
  });

  it('a failed write is kept as the error and tried again with the next change', async () => {
    const r = recordingStore(5);
    r.failNext(new Error('EACCES: permission denied'));
    let written = r.nextWrite();
    r.store.onBatch(batch([base]));
    await written;
    await within(
      (async () => {
        while (r.store.lastError === null) await new Promise((resolve) => setImmediate(resolve));
      })(),
      'the error to be kept',
    );
    assert.match(r.store.lastError ?? '', /EACCES/);
    assert.equal(r.writes.length, 1);

    r.failNext(null);
    written = r.nextWrite();
    r.store.onBatch(batch([{ ...base, openAtStart: true }]));
    await written;
    await r.store.close();
    assert.equal(r.writes.length, 2);
    assert.equal(r.store.lastError, null);
  });

  it('a file that could not be set aside is never written over', async () => {
    const r = recordingStore(5, 'workspace.json could not be set aside');
    r.store.onBatch(batch([base]));
    await r.store.close();
    assert.equal(r.writes.length, 0);
    assert.match(r.store.lastError ?? '', /set aside/);
  });
});
