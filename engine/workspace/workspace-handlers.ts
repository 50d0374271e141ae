// Workspace commands: export the ports as a workspace, import one (checked whole first, so a bad
// file changes nothing), and "open at start" per port.

import type { CommandHandlers } from '../../shared/contract';
import { appError, fail, ok } from '../../shared/errors';
import { parseWorkspace } from '../../shared/workspace';
import type { EngineCore } from '../core/engine-core';
import { applyWorkspace, busyListenerFor, openListeners, workspaceOf } from './apply-workspace';

type WorkspaceHandlers = Pick<
  CommandHandlers,
  'exportWorkspace' | 'importWorkspace' | 'setOpenAtStart'
>;

export function createWorkspaceHandlers(core: EngineCore): WorkspaceHandlers {
  return {
    exportWorkspace: () => ok(workspaceOf(core)),

    importWorkspace: async ({ workspace }) => {
      const parsed = parseWorkspace(workspace);
      if (!parsed.ok) return fail(appError('WORKSPACE_INVALID', { detail: parsed.problem }));
      if (core.closed) return fail(appError('TRANSPORT_CLOSED'));
      const { ports } = parsed.workspace;
      // A port in the middle of opening or closing would take a new configuration half-way;
      // refuse the whole file rather than apply part of it.
      const busy = busyListenerFor(core, ports);
      if (busy !== undefined) {
        return fail(appError('LISTENER_BUSY', { id: busy.id, detail: `(it is ${busy.state})` }));
      }
      const applied = applyWorkspace(core, ports, false);
      await openListeners(applied.toOpen);
      return ok(applied.listeners.map((l) => l.snapshot()));
    },

    setOpenAtStart: ({ id, openAtStart }) => {
      const listener = core.listeners.get(id);
      if (listener === undefined) return fail(appError('LISTENER_NOT_FOUND', { id }));
      listener.openAtStart = openAtStart;
      // Through the batcher: every window shows it, and the remembered ports are written.
      core.context.listenerChanged(listener);
      return ok(listener.snapshot());
    },
  };
}
