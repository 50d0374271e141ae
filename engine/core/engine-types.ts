// What the engine core needs from a listener and from a captured connection, whatever the
// protocol. net/port-listener.ts and recording/recorded-connection.ts implement what TCP (tcp/) and
// UDP (udp/) share; each protocol adds how it binds, accepts or receives, and closes.

import type { BehaviourConfig, FaultConfig } from '../../shared/behaviours';
import type { ClientProcess } from '../../shared/client-process';
import type { ErrorInfo, Result } from '../../shared/errors';
import type {
  ConnectionInfo,
  EndReason,
  ListenerInfo,
  ListenerState,
  ListenHost,
  Protocol,
} from '../../shared/model';
import type { CaptureTotals } from './capture-totals';
import type { ChunkSink, ConnectionRecorder } from '../recording/connection-recorder';
import type { CreatePortBehaviour } from './port-behaviour';

/** How a user (or the port closing) ends a connection: FIN after flushing, or RST now. */
export type CloseMode = 'close' | 'reset';

export interface CapturedConnection {
  readonly id: number;
  readonly listenerId: string;
  readonly recorder: ConnectionRecorder;
  readonly state: ConnectionInfo['state'];
  /** The batcher's read: also re-arms change notification for the next frame. */
  snapshot(): ConnectionInfo;
  /** The current state, for command answers (leaves change notification alone). */
  info(): ConnectionInfo;
  /** Send bytes to the client or peer (talk back), recorded as 'out'. */
  send(data: Uint8Array): Result<number>;
  /** End it; resolves once it is closed. Safe to call in any state. */
  requestClose(reason: EndReason, mode?: CloseMode): Promise<void>;
  whenClosed(): Promise<void>;
  /** Which program opened it (the client-process lookup's answer). */
  setClient(client: ClientProcess): void;
}

/** The figures a listener keeps for its connections (they update them directly). */
export interface ListenerLink {
  readonly id: string;
  bytesIn: number;
  bytesOut: number;
  connectionsOpen: number;
}

/** Callbacks a connection uses to tell the engine it changed. */
export interface ConnectionHooks {
  /** Called once per frame at most: when the connection goes from clean to dirty. */
  changed(conn: CapturedConnection): void;
  closed(conn: CapturedConnection): void;
}

/** What the engine hands a listener so it can create connections it records. */
export interface ListenerContext {
  readonly totals: CaptureTotals;
  readonly maxChunkRecords: number;
  /** The next connection id (engine-wide, increasing). */
  nextConnectionId(): number;
  /** Register a new connection with history and the batcher. */
  added(conn: CapturedConnection): void;
  readonly connectionHooks: ConnectionHooks;
  listenerChanged(listener: EngineListener): void;
  /** Turns a port's behaviour configuration into what its connections run. */
  readonly createBehaviour: CreatePortBehaviour;
  /** Where captured bytes are also written (the capture file); null when memory only. */
  readonly chunkSink: ChunkSink | null;
}

export interface EngineListener {
  readonly id: string;
  readonly protocol: Protocol;
  readonly host: ListenHost;
  readonly requestedPort: number;
  readonly state: ListenerState;
  /** The port bound (kept after closing so it can be reopened on the same one). */
  readonly port: number | null;
  readonly error: ErrorInfo | null;
  /** Remembered in the workspace: opened by itself when Porthole starts. */
  openAtStart: boolean;
  /** True while a bind or a close is in flight. */
  readonly busy: boolean;
  /** Bind (again): on `port` if given, else the port it last had, else the one asked for. */
  open(port?: number): Promise<Result<ListenerInfo>>;
  /** Stop accepting and end its connections ('port-closed'); safe in any state. */
  close(): Promise<void>;
  /** Switch behaviour and faults; applies to connections (UDP: datagrams) from now on. */
  configure(behaviour: BehaviourConfig, faults: FaultConfig): void;
  snapshot(): ListenerInfo;
}
