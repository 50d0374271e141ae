// What a replay connection (TCP or UDP) is given by the engine.

import type { CaptureTotals } from '../core/capture-totals';
import type { CapturedConnection, ConnectionHooks, ListenerLink } from '../core/engine-types';
import type { ChunkSink } from '../recording/connection-recorder';
import type { ReplayRun } from './replay-pacer';
import type { ReplayPlan } from './replay-steps';
import type { ResolvedTarget } from './replay-target';

export interface ReplaySetup {
  readonly id: number;
  /** The original's port, so the replay is listed with it (its figures stay the port's own). */
  readonly listener: ListenerLink;
  readonly target: ResolvedTarget;
  readonly plan: ReplayPlan;
  readonly run: ReplayRun;
  /** The connection replayed: its client bytes are read from it step by step. */
  readonly original: CapturedConnection;
  readonly totals: CaptureTotals;
  readonly maxChunkRecords: number;
  readonly hooks: ConnectionHooks;
  readonly chunkSink: ChunkSink | null;
}
