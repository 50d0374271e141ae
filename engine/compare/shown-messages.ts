// A message comparison cut to what the view lists, so it travels in one small answer: every
// count, but only the first pairs that differ, each with a bounded list of differences.

import { MAX_LISTED_PAIRS, type CompareMessages } from '../../shared/compare/compare-page';
import type {
  ConversationComparison,
  Difference,
  DirectionComparison,
  MessagePair,
} from '../../shared/compare/message-types';
import type { DecoderName } from '../../shared/decoders/types';

/** Differences listed per pair; the rest are counted in an 'omitted' entry. */
const MAX_DIFFERENCES = 16;

function trimPair(pair: MessagePair): MessagePair {
  if (pair.kind !== 'changed' || pair.differences.length <= MAX_DIFFERENCES) return pair;
  const kept = pair.differences.slice(0, MAX_DIFFERENCES);
  let omitted = 0;
  for (const d of pair.differences.slice(MAX_DIFFERENCES))
    omitted += d.kind === 'omitted' ? d.count : 1;
  const differences: Difference[] = [...kept, { kind: 'omitted', count: omitted }];
  return { ...pair, differences };
}

function trimDirection(d: DirectionComparison): DirectionComparison {
  const pairs = d.pairs
    .filter((p) => p.kind !== 'same')
    .slice(0, MAX_LISTED_PAIRS)
    .map(trimPair);
  return { direction: d.direction, pairs, counts: d.counts };
}

export function shownMessages(
  protocol: DecoderName,
  c: ConversationComparison,
): { readonly in: CompareMessages; readonly out: CompareMessages } {
  return {
    in: { protocol, comparison: trimDirection(c.in) },
    out: { protocol, comparison: trimDirection(c.out) },
  };
}
