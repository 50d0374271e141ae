// Keeps `<data folder>/workspace.json` in step with the engine's ports. It reads the event
// batches (so nothing on the capture path pays for it) and writes only when what a workspace
// holds changed — a port added or removed, its protocol, host, port, behaviour, faults or "open
// at start" — never for byte counters or state. Writes are debounced (at most one per interval)
// and never throw into the engine: the last failure is kept, and the next change tries again.

import type { EventBatch, ListenerInfo } from '../../shared/model';
import { workspacePortOf, type Workspace } from '../../shared/workspace';
import { writeRememberedPorts } from './workspace-file';

/** At most four writes a second, however fast ports are reconfigured. */
const REMEMBER_INTERVAL_MS = 250;

export interface RememberedPortsOptions {
  readonly dataDir: string;
  /** The workspace as it stands now (read at write time, so a burst of changes is one write). */
  readonly current: () => Workspace;
  /** Set when the file on disk must not be replaced (one that could not be set aside). */
  readonly blocked?: string | null;
  readonly intervalMs?: number;
  /** Tests: how the file is written. */
  readonly write?: (dataDir: string, workspace: Workspace) => Promise<void>;
}

function portKey(listener: ListenerInfo): string {
  return JSON.stringify(workspacePortOf(listener));
}

export class RememberedPorts {
  /** Why the last write failed (or why the file may not be written); null after a success. */
  lastError: string | null;
  /** What the file holds per port id, as last seen: a batch entry that differs is a change. */
  private readonly keys = new Map<string, string>();
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private closed = false;
  private readonly blocked: boolean;
  private readonly intervalMs: number;
  private readonly write: (dataDir: string, workspace: Workspace) => Promise<void>;

  constructor(private readonly options: RememberedPortsOptions) {
    this.blocked = (options.blocked ?? null) !== null;
    this.lastError = options.blocked ?? null;
    this.intervalMs = options.intervalMs ?? REMEMBER_INTERVAL_MS;
    this.write = options.write ?? writeRememberedPorts;
  }

  /** These ports are already in the file (just loaded from it): no write for them. */
  remember(listeners: Iterable<ListenerInfo>): void {
    for (const listener of listeners) this.keys.set(listener.id, portKey(listener));
  }

  readonly onBatch = (batch: EventBatch): void => {
    let changed = false;
    for (const listener of batch.listeners) {
      const key = portKey(listener);
      if (this.keys.get(listener.id) === key) continue;
      this.keys.set(listener.id, key);
      changed = true;
    }
    for (const id of batch.removedListeners) if (this.keys.delete(id)) changed = true;
    if (changed) {
      this.dirty = true;
      this.schedule();
    }
  };

  /** Write what is pending now, wait for it, and stop; later batches are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.writing;
    if (this.dirty) await this.flush();
  }

  private schedule(): void {
    if (this.timer !== null || this.writing !== null || this.closed || this.blocked) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.intervalMs);
    // A pending write must not keep a finished process alive; close() writes it.
    this.timer.unref();
  }

  private flush(): Promise<void> {
    if (this.blocked) return Promise.resolve();
    this.dirty = false;
    let failed = false;
    const writing = (async () => {
      try {
        await this.write(this.options.dataDir, this.options.current());
        this.lastError = null;
      } catch (error) {
        // Still pending: the next change (or closing) tries again.
        failed = true;
        this.dirty = true;
        this.lastError = error instanceof Error ? error.message : String(error);
      }
    })();
    this.writing = writing.finally(() => {
      this.writing = null;
      // Changes that arrived during the write go out after one more interval.
      if (this.dirty && !failed) this.schedule();
    });
    return this.writing;
  }
}
