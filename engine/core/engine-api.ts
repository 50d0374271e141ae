// The engine's public face, used by the Electron IPC layer, browser mode, tests and benchmarks.
// Plain Node: nothing under engine/ imports electron.

import type { BatchListener, EngineHandlers } from '../../shared/contract';
import type { CaptureLimits, ListenerInfo } from '../../shared/model';
import type { Workspace } from '../../shared/workspace';
import type { PersistOptions } from '../persist/capture-persistence';
import type { RememberedPortsStatus } from '../workspace/start-workspace';
import type { CreatePortBehaviour } from './port-behaviour';
import type { EngineTransfers } from '../transfer/engine-transfers';

export interface EngineOptions {
  readonly limits?: Partial<CaptureLimits>;
  /** Frame length of the event batcher in milliseconds (16–50 is sensible; default 33). */
  readonly batchIntervalMs?: number;
  /** Chunk records kept per connection before reads are folded together (default 65,536). */
  readonly maxChunkRecords?: number;
  /**
   * How a port's behaviour configuration becomes what its connections run. Porthole's own
   * behaviours by default; tests supply scripted ones here.
   */
  readonly createBehaviour?: CreatePortBehaviour;
  /**
   * Keep the capture on disk in this data folder (omit to keep it in memory only). The ports
   * are remembered there too (`workspace.json`), and come back at the next start.
   */
  readonly persist?: PersistOptions;
  /**
   * Ports to add at start and open (`porthole serve --workspace FILE`), after the remembered
   * ones; a port already remembered with the same protocol, host and port takes this config.
   */
  readonly startWorkspace?: Workspace;
  /** Porthole's version, written into each capture file. */
  readonly version?: string;
  /**
   * Name the program behind each accepted connection and UDP peer (default true). The lookup
   * is batched and bounded, off the capture path; benchmarks turn it off to measure without it.
   */
  readonly nameClients?: boolean;
}

export interface Engine {
  /**
   * Every contract command but the host's (export and import, whose files the host chooses);
   * callers validate with dispatchCommand first.
   */
  readonly handlers: EngineHandlers;
  /** Exports and imports, for the host's exportCapture and importCapture. */
  readonly transfers: EngineTransfers;
  /** One call per frame with everything that changed; returns the unsubscribe function. */
  onBatch(listener: BatchListener): () => void;
  /**
   * Resolves once every port opened at start (remembered with "open at start", and the start
   * workspace's) was tried, with their state then; a port that failed shows its error. Never
   * rejects.
   */
  readonly started: Promise<readonly ListenerInfo[]>;
  /** Where the ports are remembered and how that went; null without a data folder. */
  rememberedPorts(): RememberedPortsStatus | null;
  /** Close every listener and connection, flush the last batch, stop timers. */
  close(): Promise<void>;
}
