// What every platform's reader of the machine's sockets returns.

import type { SocketProcess } from '../../shared/machine';
import type { TableListener } from './socket-table';

export interface MachineReading {
  /** Listeners in port order, each socket's owner already resolved to its process. */
  readonly listeners: readonly TableListener<SocketProcess>[];
  /** false when the deadline cut the process lookup short. */
  readonly complete: boolean;
  /** A plain-words remark on the whole reading (missing tool, hidden processes), or null. */
  readonly note: string | null;
}

/** Runs a system tool for its stdout ('' when it is missing, fails or runs out of time). */
export type RunTool = (file: string, args: readonly string[]) => Promise<string>;
