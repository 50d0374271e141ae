// Workspace commands (export, import, open at start). Being built: see issue 9.

import type { CommandHandlers } from '../../shared/contract';
import { appError, fail } from '../../shared/errors';
import type { EngineCore } from '../core/engine-core';

type WorkspaceHandlers = Pick<
  CommandHandlers,
  'exportWorkspace' | 'importWorkspace' | 'setOpenAtStart'
>;

export function createWorkspaceHandlers(core: EngineCore): WorkspaceHandlers {
  const notYet = () =>
    fail(appError('INTERNAL', { detail: `not built yet (${core.listeners.size})` }));
  return { exportWorkspace: notYet, importWorkspace: notYet, setOpenAtStart: notYet };
}
