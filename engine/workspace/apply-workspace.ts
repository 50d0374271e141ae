// A workspace's ports put into the engine, and the engine's ports as a workspace. One merge
// rule for everything that adds ports from a workspace (import, the remembered ports at start,
// `serve --workspace`): a port already listed with the same protocol, host and port is updated
// in place, anything else becomes a new closed port, so applying the same file twice lists each
// port once.

import {
  MAX_WORKSPACE_PORTS,
  WORKSPACE_KIND,
  WORKSPACE_VERSION,
  workspacePortOf,
  type Workspace,
  type WorkspacePort,
} from '../../shared/workspace';
import type { EngineCore } from '../core/engine-core';
import type { EngineListener } from '../core/engine-types';

/**
 * Every port, in the order they are listed (the order people built them up in). Past the most a
 * workspace may hold (a script opening ports by the thousand), the oldest are kept: a longer
 * file would be refused whole by the next start or import.
 */
export function workspaceOf(core: EngineCore): Workspace {
  const ports = [...core.listeners.values()]
    .slice(0, MAX_WORKSPACE_PORTS)
    .map((l) => workspacePortOf(l.snapshot()));
  return { kind: WORKSPACE_KIND, version: WORKSPACE_VERSION, ports };
}

/**
 * The listed port this workspace entry means: same protocol, same host, and the port it has (or
 * asked for). Port 0 means "any free port", so it never names an existing one. A running port
 * wins over a closed entry that remembers the same number.
 */
function sameListener(core: EngineCore, p: WorkspacePort): EngineListener | undefined {
  if (p.port === 0) return undefined;
  let found: EngineListener | undefined;
  for (const l of core.listeners.values()) {
    if (l.protocol !== p.protocol || l.host !== p.host) continue;
    if ((l.port ?? l.requestedPort) !== p.port) continue;
    if (found === undefined || (!isLive(found) && isLive(l))) found = l;
  }
  return found;
}

function isLive(listener: EngineListener): boolean {
  return listener.state !== 'closed' && listener.state !== 'failed';
}

/** A listed port the workspace would change while it is opening or closing, if any. */
export function busyListenerFor(
  core: EngineCore,
  ports: readonly WorkspacePort[],
): EngineListener | undefined {
  for (const p of ports) {
    const same = sameListener(core, p);
    if (same?.busy === true) return same;
  }
  return undefined;
}

export interface AppliedWorkspace {
  /** Each port the workspace added or updated, once, in workspace order. */
  readonly listeners: readonly EngineListener[];
  /** The ones to open now: marked "open at start", or all of them when asked. */
  readonly toOpen: readonly EngineListener[];
}

/**
 * Add or update the workspace's ports (call busyListenerFor first: a busy port would ignore a
 * new configuration half-way through its transition). Nothing is opened here.
 */
export function applyWorkspace(
  core: EngineCore,
  ports: readonly WorkspacePort[],
  openAll: boolean,
): AppliedWorkspace {
  const listeners = new Set<EngineListener>();
  const toOpen = new Set<EngineListener>();
  for (const p of ports) {
    let listener = sameListener(core, p);
    if (listener === undefined) {
      listener = core.createListener(p);
    } else if (!sameConfig(listener, p)) {
      listener.configure(p.behaviour, p.faults);
    }
    listener.openAtStart = p.openAtStart;
    // Every window (and the remembered file) learns of it, even if it never opens.
    core.context.listenerChanged(listener);
    listeners.add(listener);
    if (openAll || p.openAtStart) toOpen.add(listener);
  }
  return { listeners: [...listeners], toOpen: [...toOpen] };
}

/** Reconfiguring rebuilds the behaviour (a reply's payloads are decoded again): skip no-ops. */
function sameConfig(listener: EngineListener, p: WorkspacePort): boolean {
  const current = listener.snapshot();
  return (
    JSON.stringify(current.behaviour) === JSON.stringify(p.behaviour) &&
    JSON.stringify(current.faults) === JSON.stringify(p.faults)
  );
}

/** Open each (a failure shows on the port, as with any open); resolves once all were tried. */
export async function openListeners(listeners: readonly EngineListener[]): Promise<void> {
  await Promise.all(listeners.map((l) => l.open()));
}
