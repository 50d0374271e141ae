// The captures slice: which capture the views show, the list, and the commands on it. Failures
// of commands are toasts; a list that cannot be read (no data folder) is kept for the view to
// show, not toasted at every start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appError, fail, ok, type Result } from '../../shared/errors';
import { DEFAULT_CAPTURE_SETTINGS, type CaptureSummary } from '../../shared/model';
import { selectLastPastCapture, selectReadOnly } from '../../renderer/src/store/selectors';
import { captureSummary, conn, fakeApi, testStore } from './support/fixtures';

const current = captureSummary('c3', { current: true, endedAt: null, connections: 0 });
const past = captureSummary('c2', { name: 'login flow' });
const older = captureSummary('c1');

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('captures slice: which capture is shown', () => {
  it('shows a past capture read-only and drops the selection made in the other one', () => {
    const { store } = testStore();
    store.getState().applyOps([{ kind: 'connections', connections: [conn(1)] }]);
    store.getState().select(1);
    store.getState().showCapture(past);
    assert.equal(store.getState().shownCapture, past);
    assert.equal(selectReadOnly(store.getState()), true);
    assert.equal(store.getState().selectedId, null);
    store.getState().showLive();
    assert.equal(store.getState().shownCapture, null);
    assert.equal(selectReadOnly(store.getState()), false);
  });

  it('treats opening the capture being recorded as going back to live', () => {
    const { store } = testStore();
    store.getState().showCapture(past);
    store.getState().showCapture(current);
    assert.equal(store.getState().shownCapture, null);
  });
});

describe('captures slice: the list', () => {
  it('keeps a list error for the view instead of a toast (memory only)', async () => {
    const engine = fakeApi({ listCaptures: async () => fail(appError('PERSIST_UNAVAILABLE')) });
    const { store } = testStore(engine);
    await store.getState().loadCaptures();
    assert.equal(store.getState().capturesError?.code, 'PERSIST_UNAVAILABLE');
    assert.equal(store.getState().captures, null);
    assert.deepEqual(store.getState().toasts, []);
  });

  it('lands only the newest of overlapping listings', async () => {
    const first = deferred<Result<CaptureSummary[]>>();
    const replies = [first.promise, Promise.resolve(ok([current, past]))];
    const engine = fakeApi({ listCaptures: () => replies.shift() ?? Promise.resolve(ok([])) });
    const { store } = testStore(engine);
    const a = store.getState().loadCaptures();
    await store.getState().loadCaptures();
    first.resolve(ok([current]));
    await a;
    assert.deepEqual(
      store.getState().captures?.map((c) => c.id),
      ['c3', 'c2'],
    );
  });

  it('goes back to live when the capture on screen is no longer listed', async () => {
    const engine = fakeApi({ listCaptures: async () => ok([current, older]) });
    const { store } = testStore(engine);
    store.getState().showCapture(past);
    await store.getState().loadCaptures();
    assert.equal(store.getState().shownCapture, null);
  });

  it('offers the newest past capture that recorded something', () => {
    const { store } = testStore();
    assert.equal(selectLastPastCapture(store.getState()), null);
    const empty = captureSummary('c2', { connections: 0 });
    store.setState({ captures: [current, empty, older] });
    assert.equal(selectLastPastCapture(store.getState())?.id, 'c1');
  });

  it('opens the list fresh whenever the view opens', async () => {
    let calls = 0;
    const engine = fakeApi({
      listCaptures: async () => {
        calls += 1;
        return ok([current]);
      },
    });
    const { store } = testStore(engine);
    store.getState().setCapturesOpen(true);
    store.getState().setCapturesOpen(false);
    store.getState().setCapturesOpen(true);
    assert.equal(calls, 2);
    assert.equal(store.getState().capturesOpen, true);
  });
});

describe('captures slice: commands', () => {
  it('renames in the list and in the banner of the capture shown', async () => {
    const renamed = { ...past, name: 'checkout' };
    let asked: unknown = null;
    const engine = fakeApi({
      renameCapture: async (args) => {
        asked = args;
        return ok(renamed);
      },
    });
    const { store } = testStore(engine);
    store.setState({ captures: [current, past] });
    store.getState().showCapture(past);
    assert.equal(await store.getState().renameCapture('c2', 'checkout'), true);
    assert.deepEqual(asked, { capture: 'c2', name: 'checkout' });
    assert.equal(store.getState().captures?.[1]?.name, 'checkout');
    assert.equal(store.getState().shownCapture?.name, 'checkout');
  });

  it('reports a failed rename as a toast and says it failed', async () => {
    const engine = fakeApi({
      renameCapture: async () => fail(appError('CAPTURE_NOT_FOUND', { detail: 'c2' })),
    });
    const { store } = testStore(engine);
    assert.equal(await store.getState().renameCapture('c2', 'x'), false);
    assert.deepEqual(
      store.getState().toasts.map((t) => [t.title, t.error.code]),
      [['Could not rename the capture', 'CAPTURE_NOT_FOUND']],
    );
  });

  it('deletes: the capture leaves the list, the view goes live if it was shown, the list is re-read', async () => {
    const listed: string[][] = [];
    const engine = fakeApi({
      deleteCapture: async () => ok(null),
      listCaptures: async () => {
        const list = [current, older];
        listed.push(list.map((c) => c.id));
        return ok(list);
      },
    });
    const { store } = testStore(engine);
    store.setState({ captures: [current, past, older] });
    store.getState().showCapture(past);
    assert.equal(await store.getState().deleteCapture('c2'), true);
    assert.equal(store.getState().shownCapture, null);
    assert.deepEqual(
      store.getState().captures?.map((c) => c.id),
      ['c3', 'c1'],
    );
    assert.deepEqual(listed, [['c3', 'c1']]);
  });

  it('refuses to delete the capture being recorded with the engine’s reason', async () => {
    const engine = fakeApi({ deleteCapture: async () => fail(appError('CAPTURE_IN_USE')) });
    const { store } = testStore(engine);
    store.setState({ captures: [current] });
    assert.equal(await store.getState().deleteCapture('c3'), false);
    assert.equal(store.getState().captures?.length, 1);
    assert.equal(store.getState().toasts[0]?.error.code, 'CAPTURE_IN_USE');
  });

  it('starts a new capture and lists the captures again', async () => {
    const next = captureSummary('c4', { current: true, endedAt: null });
    const engine = fakeApi({
      newCapture: async () => ok({ capture: next }),
      listCaptures: async () => ok([next, { ...current, current: false }]),
    });
    const { store } = testStore(engine);
    assert.equal(await store.getState().startNewCapture(), true);
    assert.deepEqual(
      store.getState().captures?.map((c) => [c.id, c.current]),
      [
        ['c4', true],
        ['c3', false],
      ],
    );
  });
});

describe('capture settings', () => {
  it('reads nothing, and says nothing, without a data folder', async () => {
    const engine = fakeApi({ getSettings: async () => fail(appError('PERSIST_UNAVAILABLE')) });
    const { store } = testStore(engine);
    await store.getState().loadCaptureSettings();
    assert.equal(store.getState().captureSettings, null);
    assert.deepEqual(store.getState().toasts, []);
  });

  it('saves, then re-lists (retention marks follow the settings)', async () => {
    const saved = { ...DEFAULT_CAPTURE_SETTINGS, keepCaptures: 2 };
    let listings = 0;
    const engine = fakeApi({
      setSettings: async () => ok(saved),
      listCaptures: async () => {
        listings += 1;
        return ok([current, { ...older, expiring: true }]);
      },
    });
    const { store } = testStore(engine);
    const result = await store.getState().saveCaptureSettings({ keepCaptures: 2 });
    assert.equal(result.ok, true);
    assert.deepEqual(store.getState().captureSettings, saved);
    await new Promise((r) => setImmediate(r));
    assert.equal(listings, 1);
    assert.equal(store.getState().captures?.[1]?.expiring, true);
  });
});
