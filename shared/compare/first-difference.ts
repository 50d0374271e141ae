// Where two byte arrays first differ: the cheapest answer a compare view can give, and the one a
// user wants first. Word-wise (see byte-runs), so 50 MB that differ near the end take a few tens
// of milliseconds.

import { forwardRun, wordBytes } from './byte-runs';

export interface FirstDifference {
  /** Offset of the first differing byte; the shorter length when one side is a prefix of the other. */
  readonly offset: number;
  /** Bytes around `offset` from both sides: from `start` (up to `context` before) to up to `context` after. */
  readonly context: {
    readonly start: number;
    readonly a: Uint8Array;
    readonly b: Uint8Array;
  };
}

/** The first difference between `a` and `b`, or null when they are identical. */
export function firstDifference(
  a: Uint8Array,
  b: Uint8Array,
  context = 16,
): FirstDifference | null {
  const common = Math.min(a.length, b.length);
  const offset = forwardRun(wordBytes(a), 0, wordBytes(b), 0, common);
  if (offset === common && a.length === b.length) return null;
  const start = Math.max(0, offset - context);
  // Copies, not views: the result may be posted from a worker without pinning whole captures.
  return {
    offset,
    context: {
      start,
      a: a.slice(start, Math.min(a.length, offset + context)),
      b: b.slice(start, Math.min(b.length, offset + context)),
    },
  };
}
