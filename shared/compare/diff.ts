// Diffing two byte streams (one direction of two connections): hunks in stream order, by lines
// when both sides read as text and by bytes otherwise. Hunks come from a generator, so a caller
// (the compare worker) can show the first differences while the rest is still being worked out,
// and can stop at any hunk. The work is bounded (see diff-engine): past the budget the script
// stays exact (it rebuilds B) but is no longer minimal, and says so with `approximate`.

import { classifyText } from '../detect/text';
import { type Budget, byteHunks } from './byte-diff';
import type { EngineState } from './diff-engine';
import { type DiffStats, type Hunk, StatsCounter } from './hunk';
import { lineHunks } from './line-diff';

export type Granularity = 'bytes' | 'lines';

export interface DiffOptions {
  /** 'auto' (the default): lines when both sides look like text with lines, else bytes. */
  readonly granularity?: Granularity | 'auto';
  /** Also yield the equal runs between changes (needed to draw both sides aligned). */
  readonly includeEqual?: boolean;
  /** Edit steps one middle-snake search may take before it splits heuristically. */
  readonly searchLimit?: number;
  /**
   * Work for the whole diff, in steps (a diagonal visited, or 64 elements of an equal run),
   * before every region still open is settled cheaply. The default keeps any input to a few
   * seconds on a laptop core.
   */
  readonly maxCost?: number;
}

export interface DiffSummary {
  readonly granularity: Granularity;
  /** The script rebuilds B exactly but may not be the shortest one. */
  readonly approximate: boolean;
  readonly stats: DiffStats;
}

export interface DiffResult extends DiffSummary {
  readonly hunks: readonly Hunk[];
  /** False when the diff stopped at `maxHunks` (more may follow): stats cover what was done. */
  readonly complete: boolean;
}

const DEFAULT_SEARCH_LIMIT = 1024;
const DEFAULT_MAX_COST = 50_000_000;

/** Bytes looked at to decide text or binary. */
const SAMPLE_BYTES = 64 * 1024;
/**
 * Text whose lines average longer than this (minified JSON, base64) is diffed by bytes, and so
 * is text of very short lines (a column of digits, blank lines), which bytes show as well.
 */
const MAX_AVERAGE_LINE = 4096;
const MIN_AVERAGE_LINE = 4;

function readsAsLines(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  if (!classifyText(sample).text) return false;
  let lines = 1;
  for (let at = sample.indexOf(10); at >= 0; at = sample.indexOf(10, at + 1)) lines++;
  return (
    sample.length <= lines * MAX_AVERAGE_LINE && sample.length >= (lines - 1) * MIN_AVERAGE_LINE
  );
}

export function chooseGranularity(a: Uint8Array, b: Uint8Array): Granularity {
  return readsAsLines(a) && readsAsLines(b) ? 'lines' : 'bytes';
}

/**
 * A diff taken a few hunks at a time: `take` runs it until it has `max` more change hunks (or
 * it ends), so a worker can post what it has and stop at any point.
 */
export class DiffRun {
  readonly granularity: Granularity;
  private readonly state: EngineState = { approximate: false };
  private readonly counter = new StatsCounter();
  private readonly source: Generator<Hunk, void, undefined>;
  private readonly includeEqual: boolean;
  private finished = false;

  constructor(a: Uint8Array, b: Uint8Array, options: DiffOptions = {}) {
    const wanted = options.granularity ?? 'auto';
    this.granularity = wanted === 'auto' ? chooseGranularity(a, b) : wanted;
    this.includeEqual = options.includeEqual ?? false;
    const budget: Budget = {
      searchLimit: options.searchLimit ?? DEFAULT_SEARCH_LIMIT,
      maxCost: options.maxCost ?? DEFAULT_MAX_COST,
    };
    this.source =
      this.granularity === 'lines'
        ? lineHunks(a, b, budget, this.state)
        : byteHunks(a, b, budget, this.state);
  }

  get done(): boolean {
    return this.finished;
  }

  /** So far: set once any part of the script is not minimal. */
  get approximate(): boolean {
    return this.state.approximate;
  }

  /** Counts over the hunks produced so far (all of them once `done`). */
  get stats(): DiffStats {
    return this.counter.snapshot();
  }

  /** The next hunks, up to `max` change hunks (equal ones, if asked for, come in between). */
  take(max = Infinity): Hunk[] {
    const out: Hunk[] = [];
    let changes = 0;
    while (!this.finished && changes < max) {
      const step = this.source.next();
      if (step.done) {
        this.finished = true;
        break;
      }
      const hunk = step.value;
      this.counter.add(hunk);
      if (hunk.kind !== 'equal') changes++;
      if (hunk.kind !== 'equal' || this.includeEqual) out.push(hunk);
    }
    return out;
  }

  summary(): DiffSummary {
    return { granularity: this.granularity, approximate: this.approximate, stats: this.stats };
  }
}

/**
 * Hunks in order, lazily: the generator's return value is the summary. Stop iterating at any
 * point to stop the work.
 */
export function* diffHunks(
  a: Uint8Array,
  b: Uint8Array,
  options: DiffOptions = {},
): Generator<Hunk, DiffSummary, undefined> {
  const run = new DiffRun(a, b, options);
  while (!run.done) yield* run.take(1);
  return run.summary();
}

/** The first `maxHunks` change hunks, and whether that was all of them. */
export function diffIncremental(
  a: Uint8Array,
  b: Uint8Array,
  options: DiffOptions & { readonly maxHunks: number },
): DiffResult {
  const run = new DiffRun(a, b, options);
  const hunks = run.take(options.maxHunks);
  return { ...run.summary(), hunks, complete: run.done };
}

export function diff(a: Uint8Array, b: Uint8Array, options: DiffOptions = {}): DiffResult {
  return diffIncremental(a, b, { ...options, maxHunks: Infinity });
}
