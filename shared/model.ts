// Readonly data types shared by the engine, both transports and the renderer.
// Times are epoch milliseconds with sub-millisecond precision (fractional part).

import type { BehaviourConfig, BehaviourKind, FaultConfig } from './behaviours';
import type { ErrorInfo } from './errors';
import type { TransferInfo } from './transfer';
import type { ClientProcess } from './client-process';

export type { BehaviourKind };

/**
 * Where a listener binds. 'localhost' (the default) binds both loopback addresses, 127.0.0.1 and
 * ::1, on one port, so a client reaches it whichever way it resolves "localhost". The "all
 * interfaces" hosts are an explicit choice.
 */
export const LISTEN_HOSTS = ['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'] as const;
export type ListenHost = (typeof LISTEN_HOSTS)[number];
export const DEFAULT_LISTEN_HOST: ListenHost = 'localhost';

/** True when a host reaches beyond this machine; the UI shows a badge for it. */
export function isExposedHost(host: ListenHost): boolean {
  return host === '0.0.0.0' || host === '::';
}

export const PROTOCOLS = ['tcp', 'udp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** One socket address a listener actually bound ('localhost' binds two). */
export interface BoundAddress {
  readonly address: string;
  readonly family: AddressFamily;
}

export type ListenerState = 'opening' | 'open' | 'closing' | 'closed' | 'failed';

export interface ListenerInfo {
  readonly id: string;
  readonly protocol: Protocol;
  readonly host: ListenHost;
  /** The port asked for; 0 means "any free port". */
  readonly requestedPort: number;
  /** The port actually bound, once open (kept after closing so the user can reopen it). */
  readonly port: number | null;
  readonly state: ListenerState;
  /** What it does with new connections (or datagrams); switchable while open. */
  readonly behaviour: BehaviourConfig;
  readonly faults: FaultConfig;
  /** Remembered ports only: opened by itself when Porthole starts. */
  readonly openAtStart: boolean;
  readonly exposed: boolean;
  /** What is bound while open (empty otherwise). */
  readonly addresses: readonly BoundAddress[];
  readonly error: ErrorInfo | null;
  /**
   * A warning that does not stop the port: e.g. another process holds the same port on the
   * other loopback family, so clients resolving localhost that way reach it instead.
   */
  readonly notice: ErrorInfo | null;
  readonly openedAt: number | null;
  readonly closedAt: number | null;
  readonly connectionsTotal: number;
  readonly connectionsOpen: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /**
   * UDP: datagrams the operating system dropped since the port opened, before Porthole could
   * read them (its receive buffer was full). null where the OS does not say: TCP, which never
   * loses bytes this way, and systems other than Linux.
   */
  readonly osDrops: number | null;
}

/** client→port is "in", port→client is "out". */
export type Direction = 'in' | 'out';

/** Byte accounting for one direction. Invariant: captured + dropped === received. */
export interface DirectionStats {
  readonly received: number;
  readonly captured: number;
  readonly dropped: number;
  readonly chunks: number;
}

export type ConnectionState = 'open' | 'half-closed' | 'closed';

export type EndReason =
  | 'client-closed'
  | 'client-reset'
  | 'closed-by-user'
  | 'reset-by-user'
  /** The port's "reset after N bytes" fault fired. */
  | 'fault-reset'
  /** A behaviour finished the exchange (fixed reply with "close after reply"). */
  | 'closed-by-behaviour'
  | 'port-closed'
  /** Relay: the upstream could not be reached or failed; `error` says how. */
  | 'upstream-failed'
  /** UDP: the least recently active conversation was closed to stay within the bound. */
  | 'idle'
  /** A mock port reset the client where it first differed from the recording. */
  | 'diverged-reset'
  /** A replay sent everything and the target answered (or went quiet); Porthole ended it. */
  | 'replay-finished'
  /** A past capture only: Porthole stopped (a crash, a kill, power) while it was open. */
  | 'capture-interrupted'
  | 'error';

/**
 * What a connection's bytes look like, per direction, from the first bytes and refined as more
 * arrive (an HTTP upgrade becomes 'websocket'). Detection never fails a connection: unknown
 * stays 'binary' or 'text'.
 */
export const DETECTED_PROTOCOLS = [
  'http',
  'http2',
  'websocket',
  'tls',
  'redis',
  'postgres',
  'mqtt',
  'ssh',
  'text',
  'binary',
] as const;
export type DetectedProtocol = (typeof DETECTED_PROTOCOLS)[number];

export interface Detection {
  /** null until the direction has bytes. */
  readonly in: DetectedProtocol | null;
  readonly out: DetectedProtocol | null;
}

export type UpstreamState = 'connecting' | 'connected' | 'half-closed' | 'closed' | 'failed';

/** The other side of a relayed connection. */
export interface UpstreamInfo {
  readonly host: string;
  readonly port: number;
  readonly state: UpstreamState;
  /** The address:port Porthole used towards the upstream, once connected. */
  readonly localAddress: string | null;
  readonly localPort: number | null;
  readonly connectedAt: number | null;
}

/** A process holding a port, as far as the OS lets us see. */
export interface PortHolder {
  /** null when the OS does not tell us (e.g. another user's process without privileges). */
  readonly pid: number | null;
  readonly name: string | null;
  readonly commandLine: string | null;
  readonly user: string | null;
  /** The address it holds, e.g. "127.0.0.1:5432", "[::1]:5432" or "0.0.0.0:5432". */
  readonly address: string;
}

export type AddressFamily = 'IPv4' | 'IPv6';

export interface ConnectionInfo {
  /** Sequential per engine run, starting at 1; also the "#" column. */
  readonly id: number;
  readonly listenerId: string;
  readonly protocol: Protocol;
  /**
   * TCP: the behaviour this connection began with (switching a port affects new connections
   * only). UDP: what handles the conversation now — a switch applies to the next datagram, since
   * a peer keeps its source port for as long as it runs and would otherwise never see it.
   */
  readonly behaviour: BehaviourKind;
  /** Relay only: the upstream side. Replay: the target it was sent to. */
  readonly upstream: UpstreamInfo | null;
  /**
   * A replay Porthole sent: the id of the connection whose client side it sent again. Its
   * addresses are the target's (local) and Porthole's own socket (remote), so "in" is still
   * what the client side sent and "out" what the server side answered.
   */
  readonly replayOf: number | null;
  /**
   * Mock ports: the offset in the client's bytes where this client first sent something other
   * than the recording it is answered from; null while it matches (and on other ports).
   */
  readonly divergedAt: number | null;
  /**
   * Which program opened it: a process on this machine, a remote host, or unknown with why.
   * null until the lookup (made right after accept, off the capture path) has answered, and for
   * connections Porthole opened itself (replays).
   */
  readonly client: ClientProcess | null;
  /** What the bytes look like, per direction. */
  readonly detected: Detection;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly family: AddressFamily;
  readonly openedAt: number;
  readonly firstByteAt: number | null;
  readonly lastActivityAt: number;
  readonly closedAt: number | null;
  readonly state: ConnectionState;
  readonly endReason: EndReason | null;
  readonly error: ErrorInfo | null;
  readonly in: DirectionStats;
  readonly out: DirectionStats;
  /** Number of chunk records (both directions) available through readChunks. */
  readonly chunkCount: number;
  /** True when any byte of this connection was dropped by a cap. */
  readonly truncated: boolean;
}

/**
 * One socket read or write, as recorded. For UDP each datagram is exactly one chunk, so
 * datagram boundaries are kept.
 */
export interface Chunk {
  /** Position in the connection's chunk list (both directions interleaved, in arrival order). */
  readonly index: number;
  readonly direction: Direction;
  readonly at: number;
  /** Byte offset of the chunk's first byte within its direction's received stream. */
  readonly offset: number;
  /** Bytes received in this chunk. */
  readonly length: number;
  /** Bytes of it that were kept (less than length when a cap cut it). */
  readonly captured: number;
}

export interface CaptureLimits {
  /** Bytes kept per connection (both directions together). */
  readonly perConnectionBytes: number;
  /** Bytes kept across all connections. */
  readonly totalBytes: number;
  /** Closed connections kept in history; the oldest closed ones are forgotten beyond this. */
  readonly maxConnections: number;
}

export const DEFAULT_LIMITS: CaptureLimits = {
  perConnectionBytes: 64 * 1024 * 1024,
  totalBytes: 1024 * 1024 * 1024,
  maxConnections: 200_000,
};

/** The running capture's file: how it is going, and what did not make it to disk. */
export interface PersistenceStats {
  /**
   * 'writing'; 'full' when the capture reached its size limit on disk; 'failed' when the disk
   * refused (full, read-only, removed folder…); 'closed' once the capture ended.
   */
  readonly state: 'writing' | 'full' | 'failed' | 'closed';
  readonly captureId: string;
  /** Bytes in the capture file so far. */
  readonly fileBytes: number;
  /** Captured bytes that are not in the file (disk too slow, full or failed); kept in memory. */
  readonly lostBytes: number;
  /** Why writing stopped, when it did. */
  readonly error: ErrorInfo | null;
}

export interface EngineStats {
  readonly listenersOpen: number;
  readonly connectionsOpen: number;
  readonly connectionsTotal: number;
  /** Connections forgotten because history exceeded maxConnections. */
  readonly connectionsEvicted: number;
  /** Every byte of every connection in history, both directions. */
  readonly bytesReceived: number;
  /** Of bytesReceived, those that went from a port to its clients (port → client). */
  readonly bytesOut: number;
  readonly bytesCaptured: number;
  /**
   * Captured bytes held in memory: what limits.totalBytes bounds. With captures on disk, closed
   * connections' bytes leave memory when room is needed and are read back from the file.
   */
  readonly bytesInMemory: number;
  readonly bytesDropped: number;
  /**
   * Bookkeeping the total cap also pays for: an estimate per connection in history and per chunk
   * record. Bytes are kept only while bytesCaptured + overheadBytes stays within
   * limits.totalBytes, and the oldest closed connections are forgotten when bookkeeping alone
   * would overdraw it.
   */
  readonly overheadBytes: number;
  readonly truncatedConnections: number;
  readonly limits: CaptureLimits;
  /** The capture's file on disk; null when Porthole keeps captures in memory only. */
  readonly persistence: PersistenceStats | null;
  /** Exports and imports running, and those that ended in the last minute. */
  readonly transfers: readonly TransferInfo[];
}

/**
 * One frame of changes, sent as a single transport message. Listeners and connections are
 * full snapshots of those that changed during the frame, merged per id (last state wins).
 */
export interface EventBatch {
  readonly seq: number;
  readonly listeners: readonly ListenerInfo[];
  readonly connections: readonly ConnectionInfo[];
  /** Ids of connections removed from history (evicted or cleared). */
  readonly removedConnections: readonly number[];
  /** Ids of listeners removed (removeListener) during this frame, so every window drops them. */
  readonly removedListeners: readonly string[];
  /**
   * True when history was cleared during this frame: drop every closed connection you know of.
   * removedConnections then lists only connections whose removal you could not infer (e.g. one
   * that closed and was cleared within this frame). Order: clear, then upsert `connections`,
   * then delete `removedConnections`.
   */
  readonly cleared: boolean;
  readonly stats: EngineStats;
}

/** One capture in the data folder, as the Captures view lists it. */
export interface CaptureSummary {
  readonly id: string;
  /** The name the user gave it; null until then. */
  readonly name: string | null;
  readonly startedAt: number;
  /** When it ended in an orderly way; null while it runs, or after a crash. */
  readonly endedAt: number | null;
  /** The capture new connections are recorded into. */
  readonly current: boolean;
  /** Porthole stopped without closing it (crash, kill): it opens up to where writing stopped. */
  readonly interrupted: boolean;
  readonly ports: number;
  readonly connections: number;
  /** Captured bytes in the file (both directions of every connection). */
  readonly bytes: number;
  /** Size of its files on disk. */
  readonly fileBytes: number;
  /** Parts of the file could not be read (damage, a torn end); the rest opens. */
  readonly damaged: boolean;
  /** Retention will delete it when the next capture starts (over the count or size kept). */
  readonly expiring: boolean;
}

/** Settings that belong to the data folder (remembered across starts). */
export interface CaptureSettings {
  /** Write captures to disk; false keeps them in memory only (from the next capture on). */
  readonly persist: boolean;
  /** Past captures kept; the oldest go first. */
  readonly keepCaptures: number;
  /** Bytes all captures may take on disk together; the oldest go first. */
  readonly keepBytes: number;
}

export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = {
  persist: true,
  keepCaptures: 20,
  keepBytes: 20 * 1024 * 1024 * 1024,
};
