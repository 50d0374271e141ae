// Plain data for renderer unit tests: connection, listener and stats snapshots with exact
// values, a fresh store, and a PortholeApi whose commands are whatever a test supplies.
import { createStore } from 'zustand/vanilla';
import type { PortholeApi } from '../../../shared/contract';
import { appError, fail } from '../../../shared/errors';
import {
  DEFAULT_LIMITS,
  type ConnectionInfo,
  type EngineStats,
  type EventBatch,
  type ListenerInfo,
} from '../../../shared/model';
import { buildApi, type CommandFunctions } from '../../../renderer/src/bridge/build-api';
import { createPortholeState } from '../../../renderer/src/store/store';
import type { PortholeState } from '../../../renderer/src/store/store-types';

const stats0 = { received: 0, captured: 0, dropped: 0, chunks: 0 };

export function conn(id: number, patch: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return {
    id,
    listenerId: 'L1',
    protocol: 'tcp',
    behaviour: 'capture',
    localAddress: '127.0.0.1',
    localPort: 5000,
    remoteAddress: '127.0.0.1',
    remotePort: 40000 + id,
    family: 'IPv4',
    openedAt: 1000 + id,
    firstByteAt: null,
    lastActivityAt: 1000 + id,
    closedAt: null,
    state: 'open',
    endReason: null,
    error: null,
    in: stats0,
    out: stats0,
    chunkCount: 0,
    truncated: false,
    ...patch,
  };
}

export function closed(id: number, patch: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return conn(id, { state: 'closed', closedAt: 2000 + id, endReason: 'client-closed', ...patch });
}

export function listener(id: string, patch: Partial<ListenerInfo> = {}): ListenerInfo {
  return {
    id,
    protocol: 'tcp',
    host: '127.0.0.1',
    requestedPort: 5000,
    port: 5000,
    state: 'open',
    behaviour: 'capture',
    exposed: false,
    error: null,
    openedAt: 1,
    closedAt: null,
    connectionsTotal: 0,
    connectionsOpen: 0,
    bytesIn: 0,
    bytesOut: 0,
    ...patch,
  };
}

export function stats(patch: Partial<EngineStats> = {}): EngineStats {
  return {
    listenersOpen: 0,
    connectionsOpen: 0,
    connectionsTotal: 0,
    connectionsEvicted: 0,
    bytesReceived: 0,
    bytesCaptured: 0,
    bytesDropped: 0,
    overheadBytes: 0,
    truncatedConnections: 0,
    limits: DEFAULT_LIMITS,
    ...patch,
  };
}

let seq = 0;

export function batch(patch: Partial<EventBatch> = {}): EventBatch {
  seq += 1;
  return {
    seq,
    listeners: [],
    connections: [],
    removedConnections: [],
    removedListeners: [],
    cleared: false,
    stats: stats({ connectionsTotal: seq }),
    ...patch,
  };
}

export function freshStore() {
  return createStore<PortholeState>()(createPortholeState);
}

/** A bridge whose commands are the given ones; any other command fails loudly. */
export function fakeApi(
  commands: Partial<CommandFunctions>,
  onBatch: PortholeApi['onBatch'] = () => () => undefined,
): PortholeApi {
  return buildApi((name) => {
    const given = commands[name];
    if (given) return given;
    return async () => fail(appError('INTERNAL', { detail: `unexpected call to ${name}` }));
  }, onBatch);
}

/** Let pending promise callbacks run (replies resolve in microtasks). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
