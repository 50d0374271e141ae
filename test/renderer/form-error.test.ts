// Where an open-port error is shown: in the failed port's item when the engine left one for
// exactly this request (same protocol, host and port), otherwise under the form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appError } from '../../shared/errors';
import { isShownInPortItem, type FormError } from '../../renderer/src/features/ports/form-error';
import { freshStore, listener } from './support/fixtures';

const inUse = appError('PORT_IN_USE', { port: 5000, nextFreePort: 5001 });

function stateWith(...listeners: ReturnType<typeof listener>[]) {
  const store = freshStore();
  store.getState().applyOps([{ kind: 'listeners', listeners }]);
  return store.getState();
}

describe('open-port form errors', () => {
  const request: FormError = { error: inUse, protocol: 'tcp', host: 'localhost', port: 5000 };
  const failed = listener('L1', {
    host: 'localhost',
    state: 'failed',
    port: null,
    requestedPort: 5000,
    error: inUse,
    addresses: [],
  });

  it('leaves a bind error to the failed port it created', () => {
    assert.equal(isShownInPortItem(stateWith(failed), request), true);
  });

  it('keeps it under the form when the failed port is another protocol or host', () => {
    assert.equal(isShownInPortItem(stateWith({ ...failed, protocol: 'udp' }), request), false);
    assert.equal(isShownInPortItem(stateWith({ ...failed, host: '127.0.0.1' }), request), false);
    assert.equal(isShownInPortItem(stateWith(failed), null), false);
  });
});
