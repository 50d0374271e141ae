// The command palette's matching: every word typed must appear in the item's text, as a
// substring (best: at a word's start) or, in what the item says, as letters in order ("clh" →
// "Clear history").
// Pure, so it is tested on its own.

function atWordStart(text: string, at: number): boolean {
  return at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1] ?? '');
}

/**
 * How well one typed word matches `text` (both lower case); null when it does not. Letters in
 * order count only where `scattered` (the label): in keywords they would match nearly anything.
 */
function wordScore(word: string, text: string, scattered: boolean): number | null {
  let best: number | null = null;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const score = 100 + word.length * 4 + (atWordStart(text, at) ? 60 : 0) - at * 0.5;
    if (best === null || score > best) best = score;
  }
  if (best !== null || !scattered) return best;
  // Letters in order: each one after the last, consecutive ones and word starts worth more.
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of word) {
    const at = text.indexOf(ch, from);
    if (at < 0) return null;
    score += 1 + (at === previous + 1 ? 3 : 0) + (atWordStart(text, at) ? 4 : 0);
    previous = at;
    from = at + 1;
  }
  return score;
}

/**
 * The score of `query` against an item's `label` (what it says) and `extra` (keywords, which
 * count for less); null when some word of the query matches neither. An empty query matches all.
 */
export function fuzzyScore(query: string, label: string, extra = ''): number | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const main = label.toLowerCase();
  const more = extra.toLowerCase();
  let total = 0;
  for (const word of words) {
    const inLabel = wordScore(word, main, true);
    const inExtra = wordScore(word, more, false);
    if (inLabel === null && inExtra === null) return null;
    total += Math.max(inLabel ?? -Infinity, (inExtra ?? -Infinity) / 2);
  }
  return total;
}

/** The items that match, best first; ties keep their order. */
export function fuzzyFilter<T>(
  items: readonly T[],
  query: string,
  textOf: (item: T) => { readonly label: string; readonly extra?: string },
): T[] {
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const { label, extra } = textOf(item);
    const score = fuzzyScore(query, label, extra);
    if (score !== null) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.item);
}
