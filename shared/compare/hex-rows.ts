// A byte diff laid out as side-by-side hex rows: each hunk is cut into rows of 16 bytes (A's
// bytes on the left, B's on the right, one side empty for inserts and deletes), and long equal
// runs fold to a few rows of context around a "skipped" row. Rows are computed on demand from a
// prefix sum over the hunks, so a virtualised list can ask for row 2,000,000 of a 50 MB diff
// without three million row objects existing.

import type { Hunk, HunkKind, Span } from './hunk';

export interface HexRow {
  /** 'skipped': an equal run folded away (its spans give what was left out). */
  readonly kind: HunkKind | 'skipped';
  /** Bytes of A on this row; null when this row has none of A (inserts, the short side). */
  readonly a: Span | null;
  readonly b: Span | null;
}

export interface HexRows {
  readonly count: number;
  row(index: number): HexRow;
  /** The first row showing byte `offset` of A (or of B), for jumping to a hunk. */
  rowOf(side: 'a' | 'b', offset: number): number;
}

export interface HexRowOptions {
  readonly rowBytes?: number;
  /** Rows of an equal run kept next to each change; Infinity (the default) keeps them all. */
  readonly context?: number;
}

/** A run of rows: one hunk, or one part of a folded equal run. */
interface Segment {
  readonly kind: HunkKind | 'skipped';
  readonly a: Span;
  readonly b: Span;
  readonly rows: number;
}

/** Change hunks (equal ones optional) with the equal runs between them filled in. */
function fullScript(hunks: readonly Hunk[], aLength: number, bLength: number): Hunk[] {
  const out: Hunk[] = [];
  let x = 0;
  let y = 0;
  const equal = (x1: number, y1: number) => {
    if (x1 > x)
      out.push({ kind: 'equal', a: { start: x, end: x1 }, b: { start: y, end: y1 }, lines: null });
  };
  for (const h of hunks) {
    if (h.kind === 'equal') continue;
    equal(h.a.start, h.b.start);
    out.push(h);
    x = h.a.end;
    y = h.b.end;
  }
  equal(aLength, bLength);
  return out;
}

function rowsFor(a: Span, b: Span, rowBytes: number): number {
  return Math.ceil(Math.max(a.end - a.start, b.end - b.start) / rowBytes);
}

function segments(script: readonly Hunk[], rowBytes: number, context: number): Segment[] {
  const out: Segment[] = [];
  script.forEach((h, i) => {
    const rows = rowsFor(h.a, h.b, rowBytes);
    const before = i > 0 ? context : 0;
    const after = i < script.length - 1 ? context : 0;
    if (h.kind !== 'equal' || rows <= before + after + 1) {
      out.push({ kind: h.kind, a: h.a, b: h.b, rows });
      return;
    }
    // Context after the previous change, one skipped row, context before the next change.
    const headBytes = before * rowBytes;
    const tailBytes = Math.min(after * rowBytes, h.a.end - h.a.start - headBytes);
    const at = (span: Span, offset: number) => span.start + offset;
    const length = h.a.end - h.a.start;
    const cut = (from: number, to: number): { a: Span; b: Span } => ({
      a: { start: at(h.a, from), end: at(h.a, to) },
      b: { start: at(h.b, from), end: at(h.b, to) },
    });
    if (headBytes > 0) out.push({ kind: 'equal', ...cut(0, headBytes), rows: before });
    out.push({ kind: 'skipped', ...cut(headBytes, length - tailBytes), rows: 1 });
    if (tailBytes > 0) {
      const tail = cut(length - tailBytes, length);
      out.push({ kind: 'equal', ...tail, rows: rowsFor(tail.a, tail.b, rowBytes) });
    }
  });
  return out;
}

/** Rows for an edit script of A (aLength bytes) against B (bLength bytes). */
export function hexRows(
  hunks: readonly Hunk[],
  aLength: number,
  bLength: number,
  options: HexRowOptions = {},
): HexRows {
  const rowBytes = options.rowBytes ?? 16;
  const context = options.context ?? Infinity;
  const parts = segments(fullScript(hunks, aLength, bLength), rowBytes, context);
  // firstRow[i]: index of segment i's first row; the last entry is the row count.
  const firstRow = new Float64Array(parts.length + 1);
  parts.forEach((p, i) => (firstRow[i + 1] = (firstRow[i] ?? 0) + p.rows));
  const count = firstRow[parts.length] ?? 0;

  const segmentOfRow = (index: number): number => {
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((firstRow[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const slice = (span: Span, row: number): Span | null => {
    const start = span.start + row * rowBytes;
    return start < span.end ? { start, end: Math.min(span.end, start + rowBytes) } : null;
  };

  return {
    count,
    row(index) {
      if (!(index >= 0 && index < count)) throw new RangeError(`row ${index} of ${count}`);
      const i = segmentOfRow(index);
      const p = parts[i] as Segment;
      if (p.kind === 'skipped') return { kind: 'skipped', a: p.a, b: p.b };
      const row = index - (firstRow[i] ?? 0);
      return { kind: p.kind, a: slice(p.a, row), b: slice(p.b, row) };
    },
    rowOf(side, offset) {
      // Spans only grow along the script: the first part ending past `offset` holds it.
      let lo = 0;
      let hi = parts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((parts[mid] as Segment)[side].end > offset) hi = mid;
        else lo = mid + 1;
      }
      const p = parts[lo];
      if (!p) return Math.max(0, count - 1);
      const first = firstRow[lo] ?? 0;
      if (p.kind === 'skipped') return first;
      const row = Math.floor(Math.max(0, offset - p[side].start) / rowBytes);
      return first + Math.min(row, p.rows - 1);
    },
  };
}
