// Ports remembered: "open at start" per port, "Open all" for every closed or failed one, and
// workspace files (JSON read here, contents checked by the engine; a refusal changes nothing).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appError, fail, ok } from '../../shared/errors';
import { parseWorkspaceText } from '../../renderer/src/features/ports/workspace-file';
import { fakeApi, listener, settle, testStore } from './support/fixtures';

describe('ports remembered', () => {
  it('sets "open at start" and shows the engine’s snapshot with the frame', async () => {
    let asked: unknown = null;
    const engine = fakeApi({
      setOpenAtStart: async (args) => {
        asked = args;
        return ok(listener('L1', { openAtStart: true }));
      },
    });
    const { store, frame } = testStore(engine);
    store.getState().applyOps([{ kind: 'listeners', listeners: [listener('L1')] }]);
    await store.getState().setOpenAtStart('L1', true);
    frame();
    assert.deepEqual(asked, { id: 'L1', openAtStart: true });
    assert.equal(store.getState().listeners.L1?.openAtStart, true);
  });

  it('reports a refused "open at start" as a toast naming the port', async () => {
    const engine = fakeApi({
      setOpenAtStart: async () => fail(appError('LISTENER_NOT_FOUND', { id: 'L1' })),
    });
    const { store } = testStore(engine);
    store.getState().applyOps([{ kind: 'listeners', listeners: [listener('L1')] }]);
    await store.getState().setOpenAtStart('L1', true);
    assert.deepEqual(
      store.getState().toasts.map((t) => t.title),
      ['Could not change port 127.0.0.1:5000'],
    );
  });

  it('opens every closed or failed port with "Open all", and leaves open ones alone', async () => {
    const reopened: string[] = [];
    const engine = fakeApi({
      reopenListener: async ({ id }) => {
        reopened.push(id);
        return ok(listener(id, { state: 'open' }));
      },
    });
    const { store, frame } = testStore(engine);
    store.getState().applyOps([
      {
        kind: 'listeners',
        listeners: [
          listener('L1', { state: 'closed' }),
          listener('L2', { state: 'open' }),
          listener('L3', { state: 'failed' }),
          listener('L4', { state: 'opening' }),
        ],
      },
    ]);
    await store.getState().openAllPorts();
    frame();
    assert.deepEqual(reopened, ['L1', 'L3']);
    assert.deepEqual(
      store.getState().listenerOrder.map((id) => store.getState().listeners[id]?.state),
      ['open', 'open', 'open', 'opening'],
    );
  });

  it('adds the ports of an imported workspace, and hands a refusal back untouched', async () => {
    const refusal = appError('WORKSPACE_INVALID', { detail: 'ports[0].port: too big' });
    const replies = [ok([listener('L9', { state: 'closed' })]), fail(refusal)];
    const engine = fakeApi({ importWorkspace: async () => replies.shift() ?? fail(refusal) });
    const { store, frame } = testStore(engine);
    const added = await store.getState().importWorkspace({ kind: 'porthole-workspace' });
    frame();
    assert.equal(added.ok, true);
    assert.deepEqual(store.getState().listenerOrder, ['L9']);
    const refused = await store.getState().importWorkspace({});
    await settle();
    assert.deepEqual(refused, fail(refusal));
    assert.deepEqual(store.getState().toasts, [], 'the panel shows it, next to the button');
  });
});

describe('workspace files', () => {
  it('reads JSON, and names the file when it is not JSON', () => {
    assert.deepEqual(parseWorkspaceText('a.json', '{"ports":[]}'), {
      ok: true,
      value: { ports: [] },
    });
    const bad = parseWorkspaceText('broken.json', '{"ports": [');
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.error.code, 'WORKSPACE_INVALID');
      assert.match(bad.error.message, /broken\.json is not JSON/);
    }
  });
});
