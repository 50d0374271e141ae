// The capture engine: listeners, recorded connections, capture store and event batches behind
// the contract's command handlers. Plain Node; the desktop app and browser mode share it.

import type { Engine, EngineOptions } from './engine-api';
import { createCommandHandlers } from './command-handlers';
import { EngineCore } from './engine-core';

export function createEngine(options: EngineOptions = {}): Engine {
  const core = new EngineCore(options);
  let closing: Promise<void> | null = null;
  return {
    handlers: createCommandHandlers(core),
    onBatch: (listener) => core.batcher.subscribe(listener),
    close: () => (closing ??= core.close()),
  };
}
