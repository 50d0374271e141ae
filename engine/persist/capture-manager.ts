// The running capture's lifecycle: which file new connections are written to, starting a new
// capture while ports stay open, turning disk writing off and on, and retention. A capture that
// is replaced while some of its connections are still open stays open for them ("retiring")
// and is closed once they have ended and their last records are written.

import { rm } from 'node:fs/promises';
import { ok, type Result } from '../../shared/errors';
import type {
  CaptureSettings,
  ConnectionInfo,
  CaptureSummary,
  EventBatch,
  ListenerInfo,
  PersistenceStats,
} from '../../shared/model';
import type { ChunkSink } from '../recording/connection-recorder';
import { writeSummaryFile } from './capture-files';
import { CaptureLibrary } from './capture-library';
import { CapturePersistence, type PersistOptions } from './capture-persistence';
import { loadSettings, saveSettings } from './settings-file';

/** A retiring capture waits at most this long for the batch with its last connections' end. */
const LAST_BATCH_WAIT_MS = 1000;

export interface CaptureManagerDeps {
  readonly options: PersistOptions;
  readonly version: string;
  /** A capture's figures moved: a write landed, or the disk stopped taking it (with why). */
  readonly onChange: () => void;
  readonly nextConnectionId: () => number;
  /** Resolves when every connection still open (with an id in the capture) has ended. */
  readonly whenOpenConnectionsClosed: (holds: (id: number) => boolean) => Promise<void>;
  readonly listeners: () => readonly ListenerInfo[];
  readonly now: () => number;
}

export class CaptureManager {
  readonly library: CaptureLibrary;
  private current: CapturePersistence | null = null;
  private readonly retiring = new Set<CapturePersistence>();
  private settingsNow: CaptureSettings;
  private batchWaiters: (() => void)[] = [];
  private readonly finished = new WeakSet<CapturePersistence>();
  /** Every capture of this run: connections still in history may read their bytes from any. */
  private readonly all = new Set<CapturePersistence>();

  constructor(private readonly deps: CaptureManagerDeps) {
    this.library = new CaptureLibrary(deps.options.dataDir);
    this.settingsNow = loadSettings(deps.options.dataDir);
    this.start();
    this.library.openNewest(() => this.activeIds());
  }

  get settings(): CaptureSettings {
    return this.settingsNow;
  }

  /** Where newly accepted connections write their bytes; null while writing to disk is off. */
  get sink(): ChunkSink | null {
    return this.current;
  }

  /** The data folder captures live in. */
  get dataDir(): string {
    return this.deps.options.dataDir;
  }

  get currentId(): string | null {
    return this.current?.captureId ?? null;
  }

  /** Captures still being written: never deleted, never summarised for good. */
  activeIds(): Set<string> {
    const ids = new Set([...this.retiring].map((p) => p.captureId));
    if (this.current !== null) ids.add(this.current.captureId);
    return ids;
  }

  stats(): PersistenceStats | null {
    return this.current?.stats() ?? null;
  }

  readonly onBatch = (batch: EventBatch): void => {
    this.current?.onBatch(batch);
    for (const p of this.retiring) p.onBatch(batch);
    const waiters = this.batchWaiters;
    this.batchWaiters = [];
    for (const wake of waiters) wake();
  };

  /** Its closing record goes to the capture it belongs to (the running one, or a retiring one). */
  connectionClosed(conn: ConnectionInfo): void {
    this.current?.connectionClosed(conn);
    for (const p of this.retiring) p.connectionClosed(conn);
  }

  list(): Promise<CaptureSummary[]> {
    const current =
      this.current === null ? null : { id: this.current.captureId, facts: this.current.facts() };
    return this.library.list(current, this.activeIds(), this.settingsNow);
  }

  /** End the running capture (it finishes its open connections) and start the next one. */
  rotate(): void {
    const old = this.current;
    this.current = null;
    if (old !== null) this.retire(old);
    this.start();
  }

  async setSettings(patch: Partial<CaptureSettings>): Promise<Result<CaptureSettings>> {
    const next = { ...this.settingsNow, ...patch };
    await saveSettings(this.deps.options.dataDir, next);
    const persistChanged = next.persist !== this.settingsNow.persist;
    this.settingsNow = next;
    // Off: the running capture ends (its open connections finish in it); on: a new one starts.
    if (persistChanged) this.rotate();
    else await this.library.applyRetention(this.activeIds(), next, false);
    return ok(next);
  }

  /** At engine close: every connection has ended and the last batch has gone out. */
  async close(): Promise<void> {
    const all = [...this.retiring, ...(this.current === null ? [] : [this.current])];
    this.current = null;
    await Promise.all(all.map((p) => this.finish(p)));
    await Promise.all([...this.all].map((p) => p.closeReader()));
    await this.library.closeAll();
  }

  private start(): void {
    if (!this.settingsNow.persist) return;
    const { deps } = this;
    const capture = new CapturePersistence(
      deps.options,
      deps.now(),
      deps.version,
      deps.onChange,
      deps.nextConnectionId(),
    );
    // The new capture starts with the ports as they are (its batches only carry changes).
    for (const listener of deps.listeners()) capture.listener(listener);
    this.current = capture;
    this.all.add(capture);
    // Room for it: the oldest captures beyond the settings go now (the view warned of them).
    void this.library
      .applyRetention(this.activeIds(), this.settingsNow, false)
      .catch(() => undefined);
  }

  private retire(capture: CapturePersistence): void {
    capture.retire(this.deps.nextConnectionId() - 1);
    this.retiring.add(capture);
    void this.deps
      .whenOpenConnectionsClosed((id) => capture.holds(id))
      .then(() => this.nextBatch())
      .then(() => this.finish(capture));
  }

  /** Close a capture's file; one that recorded no connection holds nothing and is removed. */
  private async finish(capture: CapturePersistence): Promise<void> {
    if (this.finished.has(capture)) return;
    this.finished.add(capture);
    const refused = capture.stats().state === 'failed';
    await capture.close(this.deps.now());
    // Read while it was still being written: what was opened then is out of date. Only now is
    // it no longer active, so no listing in between takes the file before its end as "crashed".
    await this.library.forget(capture.captureId);
    this.retiring.delete(capture);
    const facts = capture.facts();
    if (facts.connections === 0) {
      await rm(capture.folder, { recursive: true, force: true }).catch(() => undefined);
    } else if (!refused) {
      // Listing it later (the Captures view, the offer after a restart) then reads this small
      // file instead of walking the capture. Not for a capture the disk refused: its file is
      // missing what the figures count, so the listing reads the file itself.
      await writeSummaryFile(capture.folder, facts).catch(() => undefined);
    }
    // Retention skipped it while it was being written; now it counts like any past capture.
    if (this.current !== null || this.retiring.size > 0) {
      await this.library
        .applyRetention(this.activeIds(), this.settingsNow, false)
        .catch(() => undefined);
    }
  }

  private nextBatch(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, LAST_BATCH_WAIT_MS);
      this.batchWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
