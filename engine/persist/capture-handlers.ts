// Capture commands (list, rename, delete, new capture, settings). Being built: see issue 9.

import type { CommandHandlers } from '../../shared/contract';
import { appError, fail } from '../../shared/errors';
import type { EngineCore } from '../core/engine-core';

type CaptureHandlers = Pick<
  CommandHandlers,
  'listCaptures' | 'renameCapture' | 'deleteCapture' | 'newCapture' | 'getSettings' | 'setSettings'
>;

export function createCaptureHandlers(core: EngineCore): CaptureHandlers {
  const notYet = () =>
    fail(appError('INTERNAL', { detail: `not built yet (${core.listeners.size})` }));
  return {
    listCaptures: notYet,
    renameCapture: notYet,
    deleteCapture: notYet,
    newCapture: notYet,
    getSettings: notYet,
    setSettings: notYet,
  };
}
