// The desktop bridge wrapper keeps what the preload adds beyond the commands — a dropped file's
// import, the native menu — because their presence is how the page knows it is on the desktop
// (without them, Import… would try a browser upload there). A throw still becomes an envelope.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PortholeApi } from '../../shared/contract';
import { ok } from '../../shared/errors';
import { wrapInjectedBridge } from '../../renderer/src/bridge/safe-bridge';

const base = { onBatch: () => () => undefined } as unknown as PortholeApi;

describe('wrapInjectedBridge', () => {
  it('passes the desktop extras on, with throws turned into envelopes', async () => {
    const seen: unknown[] = [];
    const wrapped = wrapInjectedBridge({
      ...base,
      importDroppedFile: (file: unknown) => {
        seen.push(file);
        return Promise.resolve(ok({ kind: 'cancelled' as const }));
      },
      onMenuCommand: () => () => undefined,
    });
    assert.equal(typeof wrapped.onMenuCommand, 'function');
    assert.deepEqual(await wrapped.importDroppedFile?.('a file'), ok({ kind: 'cancelled' }));
    assert.deepEqual(seen, ['a file']);

    const failing = wrapInjectedBridge({
      ...base,
      importDroppedFile: () => Promise.reject(new Error('preload broke')),
    });
    const result = await failing.importDroppedFile?.('x');
    assert.equal(result?.ok, false);
  });

  it('adds nothing the preload does not have (browser mode looks the same)', () => {
    const wrapped = wrapInjectedBridge(base);
    assert.equal(wrapped.importDroppedFile, undefined);
    assert.equal(wrapped.onMenuCommand, undefined);
  });
});
