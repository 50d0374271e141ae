// The ports an engine starts with: the ones remembered in its data folder (closed, ready to open
// with one click, or opened at once where "open at start" is ticked), then a start workspace's
// (`serve --workspace FILE`), merged as an import would and all opened. Everything is added
// before anything opens, so the merge never meets a port half-way through opening.

import type { ListenerInfo } from '../../shared/model';
import type { Workspace } from '../../shared/workspace';
import type { EngineCore } from '../core/engine-core';
import type { EngineListener } from '../core/engine-types';
import { applyWorkspace, openListeners, workspaceOf } from './apply-workspace';
import { RememberedPorts } from './remembered-ports';
import { loadRememberedPorts, WORKSPACE_FILE_NAME } from './workspace-file';
import { join } from 'node:path';

export interface RememberedPortsStatus {
  /** `<data folder>/workspace.json`. */
  readonly file: string;
  /** The file found at start could not be used: why, and where it was moved (null: left). */
  readonly setAside: { readonly problem: string; readonly movedTo: string | null } | null;
  /** Why the last write failed; null when the file is up to date or nothing was written yet. */
  readonly writeError: string | null;
}

export interface WorkspaceStart {
  /** The ports opened at start, once each was tried (a failure shows on the port). */
  readonly started: Promise<readonly ListenerInfo[]>;
  /** Null without a data folder (`--no-persist`): nothing is remembered then. */
  status(): RememberedPortsStatus | null;
  /** The last write of the remembered ports (after the engine's last batch). */
  close(): Promise<void>;
}

export function startWorkspace(
  core: EngineCore,
  dataDir: string | undefined,
  startWith: Workspace | undefined,
): WorkspaceStart {
  const toOpen = new Set<EngineListener>();
  let store: RememberedPorts | null = null;
  let setAside: RememberedPortsStatus['setAside'] = null;
  if (dataDir !== undefined) {
    const loaded = loadRememberedPorts(dataDir);
    if (loaded.kind === 'loaded') {
      const applied = applyWorkspace(core, loaded.workspace.ports, false);
      for (const listener of applied.toOpen) toOpen.add(listener);
    }
    if (loaded.kind === 'set-aside')
      setAside = { problem: loaded.problem, movedTo: loaded.movedTo };
    store = new RememberedPorts({
      dataDir,
      current: () => workspaceOf(core),
      // A bad file that could not be moved out of the way is not written over.
      blocked:
        setAside !== null && setAside.movedTo === null
          ? `${WORKSPACE_FILE_NAME} could not be set aside (${setAside.problem}), so it is not replaced`
          : null,
    });
    // What was just loaded is what the file says: only later changes are written.
    store.remember([...core.listeners.values()].map((l) => l.snapshot()));
    core.batcher.subscribe(store.onBatch);
  }
  if (startWith !== undefined) {
    const applied = applyWorkspace(core, startWith.ports, true);
    for (const listener of applied.toOpen) toOpen.add(listener);
  }
  const opening = [...toOpen];
  const started = openListeners(opening).then(() => opening.map((l) => l.snapshot()));
  const file = dataDir === undefined ? null : join(dataDir, WORKSPACE_FILE_NAME);
  return {
    started,
    status: () => (file === null ? null : { file, setAside, writeError: store?.lastError ?? null }),
    close: async () => {
      await store?.close();
    },
  };
}
