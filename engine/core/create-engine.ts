// The capture engine: listeners, recorded connections, capture store and event batches behind
// the contract's command handlers. Plain Node; the desktop app and browser mode share it.

import type { Engine, EngineOptions } from './engine-api';
import { createCommandHandlers } from './command-handlers';
import { EngineCore } from './engine-core';
import { startWorkspace } from '../workspace/start-workspace';
import { createEngineTransfers } from '../transfer/engine-transfers';

export function createEngine(options: EngineOptions = {}): Engine {
  const core = new EngineCore(options);
  // Remembered ports come back (and a start workspace's are added) before any command runs.
  const workspace = startWorkspace(core, options.persist?.dataDir, options.startWorkspace);
  let closing: Promise<void> | null = null;
  return {
    handlers: createCommandHandlers(core),
    transfers: createEngineTransfers(core),
    onBatch: (listener) => core.batcher.subscribe(listener),
    started: workspace.started,
    rememberedPorts: () => workspace.status(),
    // The remembered ports are written last, from the engine's final batch.
    close: () => (closing ??= core.close().finally(() => workspace.close())),
  };
}
