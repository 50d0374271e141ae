// Commands of the stats and connections slices: new limits are applied at once (the form reads
// them back in the same render); a failed close is a toast naming the connection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appError, fail, ok } from '../../shared/errors';
import { batch, fakeApi, testStore } from './support/fixtures';

describe('stats and connection commands', () => {
  it('applies new limits at once, so the form reads them back in the same render', async () => {
    const limits = { perConnectionBytes: 1024, totalBytes: 4096, maxConnections: 10 };
    const engine = fakeApi({ setLimits: async () => ok(limits) });
    const { store, pendingFrames } = testStore(engine);
    store.getState().applyOps([{ kind: 'batch', batch: batch() }]);
    await store.getState().applyLimits({ maxConnections: 10 });
    assert.deepEqual(store.getState().stats?.limits, limits);
    assert.equal(pendingFrames(), 0, 'nothing left for the next frame');
  });

  it('reports a failed close as a toast, and a lost engine not at all', async () => {
    const gone = fail(appError('CONNECTION_NOT_FOUND', { id: 9 }));
    const replies = [gone, fail(appError('TRANSPORT_CLOSED'))];
    const engine = fakeApi({ closeConnection: async () => replies.shift() ?? gone });
    const { store } = testStore(engine);
    await store.getState().closeConnection(9, 'reset');
    await store.getState().closeConnection(9);
    assert.deepEqual(
      store.getState().toasts.map((t) => [t.title, t.error.code]),
      [['Could not reset connection #9', 'CONNECTION_NOT_FOUND']],
    );
  });
});
