// The captures in a data folder: list them with what each holds, open a past one read-only,
// rename, delete, and apply retention (keep the last N captures and at most N bytes; the oldest
// go first). Captures that are still being written (the current one, and one that still has open
// connections after "new capture") are "active": never deleted, never summarised for good.

import { readdir, rm, stat } from 'node:fs/promises';
import { appError, fail, ok, type Result } from '../../shared/errors';
import type { CaptureSettings, CaptureSummary } from '../../shared/model';
import { retentionVictims } from '../../shared/retention';
import {
  CAPTURE_ID_PATTERN,
  captureFile,
  captureFolder,
  capturesDir,
  readCaptureName,
  readSummaryFile,
  writeCaptureName,
  writeSummaryFile,
  type SummaryFile,
} from './capture-files';
import { PastCapture } from './past-capture';

/** Past captures kept open for reading at once (the one being viewed, and the one before). */
const OPEN_CAPTURES = 2;

/** What the running capture reports about itself (its file is still growing). */
export interface ActiveCapture {
  readonly id: string;
  readonly facts: SummaryFile;
}

export class CaptureLibrary {
  private readonly opened = new Map<string, Promise<Result<PastCapture>>>();
  /** The newest past capture being opened ahead of any read (see openNewest). */
  private warming: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(private readonly dataDir: string) {}

  /**
   * Open the newest past capture that holds connections in the background, ahead of any read:
   * after a restart the app offers exactly that one ("Your last capture — Open it"), and
   * opening a large capture walks its file (~0.4 s for 1 GiB in 20,000 records here), which
   * the person would otherwise wait for after the click. A read asked for meanwhile waits for
   * the same opening. It holds what any opened capture holds, within the same two kept open.
   */
  openNewest(active: () => ReadonlySet<string>): void {
    this.warming = (async () => {
      for (const id of (await this.ids()).reverse()) {
        if (this.closing) return;
        // Asked afresh: a capture started meanwhile ("new capture") is not a past one.
        if (active().has(id)) continue;
        const facts = await this.facts(id, false);
        if (facts === null || facts.connections === 0 || this.closing) continue;
        await this.open(id);
        return;
      }
    })().catch(() => undefined);
  }

  /** Capture ids in the data folder, oldest first (ids begin with their start time). */
  async ids(): Promise<string[]> {
    try {
      const entries = await readdir(capturesDir(this.dataDir), { withFileTypes: true });
      return entries
        .filter((e) => e.isDirectory() && CAPTURE_ID_PATTERN.test(e.name))
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  }

  /**
   * Every capture, newest first. A past capture with no connections holds nothing worth
   * keeping (a start that recorded nothing, then a crash): it is removed rather than listed.
   */
  async list(
    current: ActiveCapture | null,
    active: ReadonlySet<string>,
    settings: CaptureSettings,
  ): Promise<CaptureSummary[]> {
    const summaries: CaptureSummary[] = [];
    for (const id of await this.ids()) {
      const folder = captureFolder(this.dataDir, id);
      const facts = id === current?.id ? current.facts : await this.facts(id, active.has(id));
      if (facts === null) continue;
      // (One that could not be read at all has no start time: it stays, so it can be deleted.)
      if (!active.has(id) && facts.connections === 0 && facts.startedAt !== null) {
        await this.remove(id);
        continue;
      }
      summaries.push({
        id,
        name: await readCaptureName(folder),
        startedAt: facts.startedAt ?? 0,
        endedAt: facts.endedAt,
        current: id === current?.id,
        interrupted: facts.interrupted && !active.has(id),
        ports: facts.ports,
        connections: facts.connections,
        bytes: facts.bytes,
        fileBytes: facts.fileBytes,
        damaged: facts.damaged,
        expiring: false,
      });
    }
    const expiring = new Set(
      retentionVictims(summaries, (c) => active.has(c.id), settings, true).map((c) => c.id),
    );
    return summaries
      .map((s) => (expiring.has(s.id) ? { ...s, expiring: true } : s))
      .sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** A past capture, opened read-only (kept open for the next reads). */
  open(id: string): Promise<Result<PastCapture>> {
    const cached = this.opened.get(id);
    if (cached !== undefined) {
      // Most recently used last, so the oldest is the first to close.
      this.opened.delete(id);
      this.opened.set(id, cached);
      return cached;
    }
    const opening = this.exists(id).then((found) =>
      found ? PastCapture.open(captureFile(this.dataDir, id)) : notFound<PastCapture>(id),
    );
    this.opened.set(id, opening);
    void opening.then((r) => {
      if (!r.ok) this.opened.delete(id);
    });
    while (this.opened.size > OPEN_CAPTURES) {
      const [oldest] = this.opened.keys();
      if (oldest === undefined) break;
      void this.close(oldest);
    }
    return opening;
  }

  async rename(id: string, name: string): Promise<Result<null>> {
    if (!(await this.exists(id))) return notFound(id);
    await writeCaptureName(captureFolder(this.dataDir, id), name === '' ? null : name);
    return ok(null);
  }

  async delete(id: string, active: ReadonlySet<string>): Promise<Result<null>> {
    if (active.has(id)) return fail(appError('CAPTURE_IN_USE'));
    if (!(await this.exists(id))) return notFound(id);
    await this.remove(id);
    return ok(null);
  }

  /** Delete the oldest past captures until the settings hold; returns the ids deleted. */
  async applyRetention(
    active: ReadonlySet<string>,
    settings: CaptureSettings,
    startingNext: boolean,
  ): Promise<string[]> {
    const sizes: { id: string; fileBytes: number }[] = [];
    for (const id of await this.ids()) {
      sizes.push({ id, fileBytes: await fileSize(captureFile(this.dataDir, id)) });
    }
    const victims = retentionVictims(sizes, (c) => active.has(c.id), settings, startingNext);
    for (const { id } of victims) await this.remove(id);
    return victims.map((c) => c.id);
  }

  /** A capture's file changed (it just finished): the next read opens it afresh. */
  forget(id: string): Promise<void> {
    return this.close(id);
  }

  async closeAll(): Promise<void> {
    // Nothing opens from here on: an opening ahead of reads finishes first, then closes too.
    this.closing = true;
    await this.warming;
    await Promise.all([...this.opened.keys()].map((id) => this.close(id)));
  }

  private async close(id: string): Promise<void> {
    const opening = this.opened.get(id);
    this.opened.delete(id);
    const result = await opening;
    if (result?.ok === true) await result.value.close().catch(() => undefined);
  }

  private async remove(id: string): Promise<void> {
    await this.close(id);
    await rm(captureFolder(this.dataDir, id), { recursive: true, force: true });
  }

  private async exists(id: string): Promise<boolean> {
    if (!CAPTURE_ID_PATTERN.test(id)) return false;
    try {
      return (await stat(captureFolder(this.dataDir, id))).isDirectory();
    } catch {
      return false;
    }
  }

  /** A capture's summary: from summary.json when it has one, else by opening it (once). */
  private async facts(id: string, active: boolean): Promise<SummaryFile | null> {
    const folder = captureFolder(this.dataDir, id);
    const saved = active ? null : await readSummaryFile(folder);
    if (saved !== null) return saved;
    const opened = await this.open(id);
    if (!opened.ok) {
      // Unreadable (damaged start, newer version): still listed, so it can be deleted.
      const fileBytes = await fileSize(captureFile(this.dataDir, id));
      return {
        startedAt: null,
        endedAt: null,
        interrupted: true,
        damaged: true,
        ports: 0,
        connections: 0,
        bytes: 0,
        fileBytes,
      };
    }
    const facts = opened.value.facts;
    // A finished capture never changes again: remember what it holds.
    if (!active) await writeSummaryFile(folder, facts).catch(() => undefined);
    return facts;
  }
}

function notFound<T>(id: string): Result<T> {
  return fail(appError('CAPTURE_NOT_FOUND', { detail: id }));
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
