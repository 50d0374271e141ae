// Which captures retention deletes: the oldest first, until at most keepCaptures remain and they
// take at most keepBytes together. A capture still being written (the running one, or one whose
// connections are still finishing) is never chosen, and nothing newer than it is: the oldest
// still go first once it has finished. One rule for the engine, which applies it, and for the
// UI, which says what it will delete before it happens.

import type { CaptureSettings } from './model';

export interface RetentionCandidate {
  readonly id: string;
  readonly fileBytes: number;
}

/**
 * The candidates retention deletes, oldest first (ids sort by start time). With `startingNext`,
 * as if one more (empty) capture were starting too.
 */
export function retentionVictims<C extends RetentionCandidate>(
  captures: readonly C[],
  isActive: (capture: C) => boolean,
  settings: Pick<CaptureSettings, 'keepCaptures' | 'keepBytes'>,
  startingNext: boolean,
): C[] {
  const oldestFirst = [...captures].sort((a, b) => (a.id < b.id ? -1 : 1));
  let count = oldestFirst.length + (startingNext ? 1 : 0);
  let bytes = oldestFirst.reduce((sum, c) => sum + c.fileBytes, 0);
  const victims: C[] = [];
  for (const c of oldestFirst) {
    if (count <= settings.keepCaptures && bytes <= settings.keepBytes) break;
    if (isActive(c)) break;
    victims.push(c);
    count--;
    bytes -= c.fileBytes;
  }
  return victims;
}
