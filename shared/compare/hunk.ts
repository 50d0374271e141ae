// The edit script a diff produces: hunks in stream order, each a byte range of side A and the
// range of side B that takes its place. Between two change hunks lies an equal run (yielded as
// an 'equal' hunk only when asked for): copying A's equal runs and B's change ranges, in order,
// rebuilds B exactly.

/** A half-open range [start, end) of byte offsets, or of line numbers. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type HunkKind = 'equal' | 'insert' | 'delete' | 'replace';

export interface Hunk {
  /** insert: `a` is empty; delete: `b` is empty; replace: neither; equal: same length, same bytes. */
  readonly kind: HunkKind;
  readonly a: Span;
  readonly b: Span;
  /** Text diffs: the same ranges as 0-based line numbers; null for byte diffs. */
  readonly lines: { readonly a: Span; readonly b: Span } | null;
}

/** Byte counts over an edit script (`equal + deleted + changedA` is A's length, and so on). */
export interface DiffStats {
  /** Change hunks (equal ones not counted). */
  readonly hunks: number;
  readonly equal: number;
  /** B's bytes in insert hunks. */
  readonly inserted: number;
  /** A's bytes in delete hunks. */
  readonly deleted: number;
  /** A's bytes in replace hunks. */
  readonly changedA: number;
  /** B's bytes in replace hunks. */
  readonly changedB: number;
}

export function hunkKind(aLength: number, bLength: number): Exclude<HunkKind, 'equal'> {
  if (aLength === 0) return 'insert';
  return bLength === 0 ? 'delete' : 'replace';
}

/** Accumulates DiffStats as hunks go by. */
export class StatsCounter {
  hunks = 0;
  equal = 0;
  inserted = 0;
  deleted = 0;
  changedA = 0;
  changedB = 0;

  add(hunk: Hunk): void {
    const aLength = hunk.a.end - hunk.a.start;
    const bLength = hunk.b.end - hunk.b.start;
    switch (hunk.kind) {
      case 'equal':
        this.equal += aLength;
        return;
      case 'insert':
        this.inserted += bLength;
        break;
      case 'delete':
        this.deleted += aLength;
        break;
      case 'replace':
        this.changedA += aLength;
        this.changedB += bLength;
        break;
    }
    this.hunks++;
  }

  snapshot(): DiffStats {
    const { hunks, equal, inserted, deleted, changedA, changedB } = this;
    return { hunks, equal, inserted, deleted, changedA, changedB };
  }
}
