// Connections: every snapshot the engine sent, indexed by id, and the commands that end one or
// clear the history. The map and the id array are large (100,000+ entries) and mutated in
// place, so a frame costs O(changed), not O(history); connectionsVersion tells React they moved.
import type { StateCreator } from 'zustand';
import type { Result } from '../../../shared/errors';
import type { ConnectionInfo } from '../../../shared/model';
import type { ReplayRequest } from '../../../shared/replay';
import {
  clearConnections,
  removeClosedConnections,
  removeConnections,
  upsertConnections,
} from './connection-index';
import type { PortholeState, StoreDeps } from './porthole-state';
import type { StoreOp } from './store-op';

export interface ConnectionsSlice {
  /**
   * Connections by id, mutated in place so that a batch costs O(changed) even with 100,000+
   * entries. Never select this directly: select connectionsVersion, which changes whenever the
   * map or connectionIds do, and read them from the state in that render.
   */
  readonly connections: Map<number, ConnectionInfo>;
  /** Ids ascending (= arrival order), mutated in place like `connections`. */
  readonly connectionIds: number[];
  /**
   * The ids passing the connection filter: `connectionIds` itself when no filter is active,
   * otherwise an ascending copy maintained (in place) from each frame's changes.
   */
  readonly visibleIds: number[];
  /** Changes whenever `connections`, `connectionIds` or `visibleIds` do. */
  readonly connectionsVersion: number;
  /** True while listeners and connections are being (re)listed. */
  readonly loading: boolean;
  /** Ids not yet confirmed by the re-list in progress; whatever is left at the end is gone. */
  readonly unconfirmed: Set<number> | null;
  closeConnection(id: number, mode?: 'close' | 'reset'): Promise<Result<ConnectionInfo>>;
  /** Start a replay; once it has begun, its connection is listed and selected. */
  replayConnection(request: ReplayRequest): Promise<Result<ConnectionInfo>>;
  clearHistory(): Promise<void>;
}

export const createConnectionsSlice =
  ({ engine }: StoreDeps): StateCreator<PortholeState, [], [], ConnectionsSlice> =>
  (_set, get) => {
    const connectionIds: number[] = [];
    return {
      connections: new Map(),
      connectionIds,
      visibleIds: connectionIds,
      connectionsVersion: 0,
      loading: true,
      unconfirmed: null,
      async closeConnection(id, mode = 'close') {
        const result = await engine().closeConnection({ id, mode });
        if (result.ok) get().enqueue({ kind: 'connections', connections: [result.value] });
        else get().reportError(`Could not ${mode} connection #${id}`, result.error);
        return result;
      },
      async replayConnection(request) {
        // The dialog shows a failure itself (a remote target asks for confirmation there).
        const result = await engine().replayConnection(request);
        if (result.ok) {
          get().enqueue({ kind: 'connections', connections: [result.value] });
          get().select(result.value.id);
        }
        return result;
      },
      async clearHistory() {
        // The engine's batch says what went (cleared), so success needs nothing queued here.
        const result = await engine().clearHistory({});
        if (!result.ok) get().reportError('Could not clear the history', result.error);
      },
    };
  };

export interface ConnectionsChange {
  /** The id array after this frame (the same array unless a merge was needed). */
  readonly ids: number[];
  /** Ids upserted or removed, for the filtered view; null after a clear (rebuild instead). */
  readonly changed: ReadonlySet<number> | null;
  /** Whether the map or the id array changed at all. */
  readonly touched: boolean;
  readonly unconfirmed: Set<number> | null;
  readonly loading: boolean;
}

/** This frame's connection ops, applied in order to the map and id array in place. */
export function reduceConnections(
  state: Pick<ConnectionsSlice, 'connections' | 'connectionIds' | 'unconfirmed' | 'loading'>,
  ops: readonly StoreOp[],
): ConnectionsChange {
  const map = state.connections;
  let ids = state.connectionIds;
  let touched = false;
  let changed: Set<number> | null = new Set<number>();
  let { unconfirmed, loading } = state;

  const noteChanged = (gone: Iterable<number>): void => {
    touched = true;
    if (changed === null) return;
    for (const id of gone) changed.add(id);
  };
  const upsert = (list: readonly ConnectionInfo[]): void => {
    ids = upsertConnections(map, ids, list, unconfirmed);
    noteChanged(list.map((c) => c.id));
  };

  for (const op of ops) {
    switch (op.kind) {
      case 'batch': {
        const { batch } = op;
        // Order from the contract: clear, then snapshots, then removals that the clear could
        // not imply.
        if (batch.cleared) {
          removeClosedConnections(map, ids);
          // Clearing is O(n) anyway: the filtered view is rebuilt rather than patched.
          changed = null;
          touched = true;
        }
        if (batch.connections.length > 0) upsert(batch.connections);
        if (batch.removedConnections.length > 0) {
          noteChanged(removeConnections(map, ids, batch.removedConnections));
        }
        break;
      }
      case 'connections':
        upsert(op.connections);
        break;
      case 'sync-begin':
        if (op.fresh === true) {
          clearConnections(map, ids);
          changed = null;
          touched = true;
        }
        unconfirmed = new Set(ids);
        loading = true;
        break;
      case 'sync-end':
        // Whatever the re-list did not mention is gone from the engine's history.
        if (op.complete && unconfirmed && unconfirmed.size > 0) {
          noteChanged(removeConnections(map, ids, unconfirmed));
        }
        unconfirmed = null;
        loading = false;
        break;
      default:
        break;
    }
  }
  return { ids, changed, touched, unconfirmed, loading };
}
