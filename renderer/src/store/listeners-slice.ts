// Ports: the engine's listener snapshots, and the commands that open, close, reopen, remove or
// reconfigure them. A successful reply is queued like a batch, so it lands in order with them.
// A listener's error is never copied here: the engine puts it on the snapshot
// (ListenerInfo.error), for a failed bind as for a runtime error on an open port, and the
// port's item shows it from there. Failures that leave no trace on a listener become toasts.
import type { StateCreator } from 'zustand';
import type { BehaviourConfig, FaultConfig } from '../../../shared/behaviours';
import type { CommandArgs } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import type { ListenerInfo, ListenHost, Protocol } from '../../../shared/model';
import { formatHostPort } from '../lib/format-address';
import { leavesFailedListener } from '../lib/listener-errors';
import type { PortholeState, StoreDeps } from './porthole-state';
import type { StoreOp } from './store-op';

interface OpenPortRequest {
  readonly protocol: Protocol;
  readonly host: ListenHost;
  readonly port: number;
  readonly behaviour: BehaviourConfig;
  readonly faults: FaultConfig;
}

export interface ListenersSlice {
  readonly listeners: Readonly<Record<string, ListenerInfo>>;
  /** Listener ids in the order they first appeared. */
  readonly listenerOrder: readonly string[];
  /** Ids removed by removeListener; a late snapshot must not bring them back. */
  readonly listenerTombstones: ReadonlySet<string>;
  /** The form shows any error (or the failed listener's item does), so no toast. */
  openPort(request: OpenPortRequest): Promise<Result<ListenerInfo>>;
  /** Close an open port, or open a closed or failed one again. */
  toggleListener(listener: ListenerInfo): Promise<void>;
  /** Open a closed or failed port again, on its old port or on `port` ("use port N instead"). */
  reopenListener(id: string, port?: number): Promise<void>;
  removeListener(id: string): Promise<void>;
  /** Whether a port opens by itself when Porthole starts. */
  setOpenAtStart(id: string, openAtStart: boolean): Promise<void>;
  /** Open every closed or failed port again, each on the port it last had. */
  openAllPorts(): Promise<void>;
  /**
   * Add a workspace file's ports (the parsed JSON, checked by the engine). The ports panel shows
   * a refusal itself, next to the button that asked, so no toast.
   */
  importWorkspace(workspace: unknown): Promise<Result<ListenerInfo[]>>;
  /** Switch what an open port does; the editor shows any error itself, so no toast. */
  setBehaviour(
    id: string,
    behaviour: BehaviourConfig,
    faults: FaultConfig,
  ): Promise<Result<ListenerInfo>>;
}

function portName(listener: ListenerInfo | undefined): string {
  return listener
    ? `port ${formatHostPort(listener.host, listener.port ?? listener.requestedPort)}`
    : 'the port';
}

export const createListenersSlice =
  ({ engine }: StoreDeps): StateCreator<PortholeState, [], [], ListenersSlice> =>
  (_set, get) => {
    const reopenListener = async (id: string, port?: number): Promise<void> => {
      const args: CommandArgs<'reopenListener'> = port === undefined ? { id } : { id, port };
      const result = await engine().reopenListener(args);
      if (result.ok) get().enqueue({ kind: 'listener', listener: result.value });
      else if (!leavesFailedListener(result.error)) {
        get().reportError(`Could not open ${portName(get().listeners[id])}`, result.error);
      }
    };
    return {
      listeners: {},
      listenerOrder: [],
      listenerTombstones: new Set(),
      async openPort(request) {
        const result = await engine().openListener({ ...request });
        if (result.ok) get().enqueue({ kind: 'listener', listener: result.value });
        return result;
      },
      async toggleListener(listener) {
        if (listener.state !== 'open') return reopenListener(listener.id);
        const result = await engine().closeListener({ id: listener.id });
        if (result.ok) get().enqueue({ kind: 'listener', listener: result.value });
        else get().reportError(`Could not close ${portName(listener)}`, result.error);
      },
      reopenListener,
      async removeListener(id) {
        const result = await engine().removeListener({ id });
        if (result.ok) get().enqueue({ kind: 'listener-removed', id });
        else get().reportError(`Could not remove ${portName(get().listeners[id])}`, result.error);
      },
      async setOpenAtStart(id, openAtStart) {
        const result = await engine().setOpenAtStart({ id, openAtStart });
        if (result.ok) {
          get().enqueue({ kind: 'listener', listener: result.value });
          // Applied now, so the box that showed the click at once never flips back for a frame.
          get().flushFrame();
        } else get().reportError(`Could not change ${portName(get().listeners[id])}`, result.error);
      },
      async openAllPorts() {
        const { listeners, listenerOrder } = get();
        const closed = listenerOrder.filter((id) => isReopenable(listeners[id]));
        // Side by side: each bind is independent, and one failing must not hold up the rest.
        await Promise.all(closed.map((id) => reopenListener(id)));
      },
      async importWorkspace(workspace) {
        const result = await engine().importWorkspace({ workspace });
        if (result.ok) {
          for (const listener of result.value) get().enqueue({ kind: 'listener', listener });
        }
        return result;
      },
      async setBehaviour(id, behaviour, faults) {
        const result = await engine().setBehaviour({ id, behaviour, faults });
        if (result.ok) get().enqueue({ kind: 'listener', listener: result.value });
        return result;
      },
    };
  };

/** A port "Open all" opens: closed, or failed and waiting for another try. */
export function isReopenable(listener: ListenerInfo | undefined): boolean {
  return listener?.state === 'closed' || listener?.state === 'failed';
}

type ListenersPatch = Pick<ListenersSlice, 'listeners' | 'listenerOrder' | 'listenerTombstones'>;

interface Draft {
  listeners: Record<string, ListenerInfo>;
  order: string[];
  tombstones: Set<string>;
}

function touchesListeners(op: StoreOp): boolean {
  switch (op.kind) {
    case 'batch':
      return op.batch.listeners.length > 0 || op.batch.removedListeners.length > 0;
    case 'listeners':
    case 'listener':
    case 'listener-removed':
      return true;
    case 'sync-begin':
      return op.fresh === true;
    default:
      return false;
  }
}

function put(d: Draft, listener: ListenerInfo): void {
  if (d.tombstones.has(listener.id)) return;
  if (!(listener.id in d.listeners)) d.order.push(listener.id);
  d.listeners[listener.id] = listener;
}

function drop(d: Draft, id: string): void {
  d.tombstones.add(id);
  if (!(id in d.listeners)) return;
  const { [id]: _removed, ...rest } = d.listeners;
  d.listeners = rest;
  d.order = d.order.filter((x) => x !== id);
}

function applyOp(d: Draft, op: StoreOp): void {
  switch (op.kind) {
    case 'batch':
      // The contract's order: snapshots, then removals.
      for (const listener of op.batch.listeners) put(d, listener);
      for (const id of op.batch.removedListeners) drop(d, id);
      break;
    case 'listeners':
      d.listeners = {};
      d.order = [];
      for (const listener of op.listeners) put(d, listener);
      break;
    case 'listener':
      put(d, op.listener);
      break;
    case 'listener-removed':
      drop(d, op.id);
      break;
    case 'sync-begin':
      if (op.fresh !== true) break;
      // Another capture's ports: ids removed in the one before mean nothing here.
      d.listeners = {};
      d.order = [];
      d.tombstones = new Set();
      break;
    default:
      break;
  }
}

/**
 * This frame's listener ops, applied in order to a copy (there are a handful of listeners, so
 * copy on write is cheap and every change is a new object for React). Null when no op touched
 * listeners, so their subscribers do not re-render for a frame of connection traffic.
 */
export function reduceListeners(
  state: ListenersPatch,
  ops: readonly StoreOp[],
): ListenersPatch | null {
  let draft: Draft | null = null;
  for (const op of ops) {
    if (!touchesListeners(op)) continue;
    draft ??= {
      listeners: { ...state.listeners },
      order: [...state.listenerOrder],
      tombstones: new Set(state.listenerTombstones),
    };
    applyOp(draft, op);
  }
  if (draft === null) return null;
  return {
    listeners: draft.listeners,
    listenerOrder: draft.order,
    listenerTombstones: draft.tombstones,
  };
}
