// The diff engine over short lists of interned keys (messages, arguments): the same bounded
// search as for bytes and lines, with patience anchors where it gives up.

import { type RawHunk, runDiff } from './diff-engine';
import { patienceFallback } from './patience';
import { TokenSequences } from './sequences';

/** Plenty for thousands of messages; a capture of millions still ends in bounded time. */
const MAX_COST = 20_000_000;

/** Strings to dense ids, equal strings sharing one. */
export class Interner {
  private readonly ids = new Map<string, number>();

  get count(): number {
    return this.ids.size;
  }

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Hunks (equal ones included) turning token list `a` into `b`; ids are below `idCount`. */
export function diffTokens(a: Int32Array, b: Int32Array, idCount: number): RawHunk[] {
  const hunks: RawHunk[] = [];
  const options = {
    searchLimit: 1024,
    meter: { remaining: MAX_COST },
    fallback: patienceFallback(a, b, idCount),
    unrelated: null,
  };
  for (const h of runDiff(new TokenSequences(a, b), options, { approximate: false })) hunks.push(h);
  return hunks;
}
