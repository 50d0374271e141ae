// The compare jobs the engine keeps: at most two (a view and the one it replaces, say; a third
// stops the oldest), and none left unread for long — a view that went away without cancelling
// (a closed tab) does not pin a job's bytes or results.

import type { DecoderName } from '../../shared/decoders/types';
import type { ByteSource } from './byte-source';
import { CompareJob } from './compare-job';

const MAX_JOBS = 2;
/** A job nobody has asked about for this long is dropped. */
const IDLE_MS = 60_000;

export class CompareJobs {
  private readonly jobs = new Map<string, { job: CompareJob; idle: NodeJS.Timeout }>();
  private count = 0;

  start(sources: readonly [ByteSource, ByteSource], decoder: DecoderName | null): CompareJob {
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - MAX_JOBS + 1)))
      this.cancel(id);
    const job = new CompareJob(`compare-${++this.count}`, sources, decoder);
    const idle = setTimeout(() => this.cancel(job.id), IDLE_MS).unref();
    this.jobs.set(job.id, { job, idle });
    return job;
  }

  /** The job, its idle clock started over; undefined once it was cancelled or dropped. */
  get(id: string): CompareJob | undefined {
    const entry = this.jobs.get(id);
    entry?.idle.refresh();
    return entry?.job;
  }

  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (entry === undefined) return false;
    clearTimeout(entry.idle);
    entry.job.stop();
    this.jobs.delete(id);
    return true;
  }

  cancelAll(): void {
    for (const id of [...this.jobs.keys()]) this.cancel(id);
  }
}
