// Ports: a listener's error comes from the engine's snapshot only (failed bind or a runtime error
// on a port that stays open); command failures that leave no trace on a listener are toasts;
// replies are queued and land with the frame.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAPTURE, NO_FAULTS } from '../../shared/behaviours';
import { appError, fail, ok } from '../../shared/errors';
import { selectListenerError } from '../../renderer/src/store/selectors';
import { batch, fakeApi, listener, settle, testStore } from './support/fixtures';

const emfile = appError('INTERNAL', { detail: 'port L1: EMFILE' });
const inUse = appError('PORT_IN_USE', { port: 5000, nextFreePort: 5001 });

describe('listener errors', () => {
  it('shows the error of a port that stays open, from its snapshot', () => {
    const { store } = testStore();
    const apply = (l: ReturnType<typeof listener>) =>
      store.getState().applyOps([{ kind: 'batch', batch: batch({ listeners: [l] }) }]);
    apply(listener('L1'));
    assert.equal(selectListenerError('L1')(store.getState()), null);
    apply(listener('L1', { state: 'open', error: emfile }));
    assert.deepEqual(selectListenerError('L1')(store.getState()), emfile);
    // The engine clears it (e.g. the port reopened): so does the item.
    apply(listener('L1', { state: 'open', error: null }));
    assert.equal(selectListenerError('L1')(store.getState()), null);
    apply(listener('L1', { state: 'failed', port: null, error: inUse }));
    assert.deepEqual(selectListenerError('L1')(store.getState()), inUse);
    assert.equal(selectListenerError('nope')(store.getState()), null);
  });

  it('leaves a failed reopen to the failed snapshot the engine sends, without a toast', async () => {
    const engine = fakeApi({ reopenListener: async () => fail(inUse) });
    const { store, frame } = testStore(engine);
    store
      .getState()
      .applyOps([{ kind: 'listeners', listeners: [listener('L1', { state: 'closed' })] }]);
    await store.getState().reopenListener('L1');
    await settle();
    frame();
    assert.deepEqual(store.getState().toasts, []);
    assert.equal(selectListenerError('L1')(store.getState()), null, 'no renderer-side copy');
    store.getState().enqueue({
      kind: 'batch',
      batch: batch({ listeners: [listener('L1', { state: 'failed', error: inUse })] }),
    });
    frame();
    assert.deepEqual(selectListenerError('L1')(store.getState()), inUse);
  });

  it('turns a failure that leaves no trace on the listener into a toast', async () => {
    const busy = appError('LISTENER_BUSY', { id: 'L1', detail: '(it is closing)' });
    const replies = [fail(busy), fail(appError('TRANSPORT_CLOSED'))];
    const engine = fakeApi({ closeListener: async () => replies.shift() ?? fail(busy) });
    const { store } = testStore(engine);
    const open = listener('L1');
    store.getState().applyOps([{ kind: 'listeners', listeners: [open] }]);
    await store.getState().toggleListener(open);
    assert.deepEqual(
      store.getState().toasts.map((t) => [t.title, t.error.code]),
      [['Could not close port 127.0.0.1:5000', 'LISTENER_BUSY']],
    );
    // A lost engine is the connection banner's to show, once.
    await store.getState().toggleListener(open);
    assert.equal(store.getState().toasts.length, 1);
    assert.equal(selectListenerError('L1')(store.getState()), null);
  });
});

describe('listener commands', () => {
  it('queues a reply and applies it with the next frame', async () => {
    const opened = listener('L7', { port: 6000, requestedPort: 6000 });
    const engine = fakeApi({ openListener: async () => ok(opened) });
    const { store, frame, pendingFrames } = testStore(engine);
    const result = await store.getState().openPort({
      protocol: 'tcp',
      host: '127.0.0.1',
      port: 6000,
      behaviour: CAPTURE,
      faults: NO_FAULTS,
    });
    assert.equal(result.ok, true);
    assert.equal(store.getState().listeners.L7, undefined);
    assert.equal(pendingFrames(), 1);
    frame();
    assert.equal(store.getState().listeners.L7, opened);
    assert.deepEqual(store.getState().listenerOrder, ['L7']);
  });
});
