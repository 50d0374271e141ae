// What saving new retention settings would delete, so the form can say so before it happens.
// The engine applies retention as soon as the settings change (and when a capture starts); this
// mirrors its rule: oldest first, until at most keepCaptures remain and they take at most
// keepBytes, never a capture still being written (the current one, or one whose connections
// are still finishing).
import type { CaptureSettings, CaptureSummary } from '../../../../shared/model';

function isActive(c: CaptureSummary): boolean {
  return c.current || (c.endedAt === null && !c.interrupted);
}

/**
 * The captures retention would delete under `settings`; with `startingNext`, as if a new capture
 * were starting too (writing to disk turned back on starts one).
 */
export function retentionVictims(
  captures: readonly CaptureSummary[],
  settings: Pick<CaptureSettings, 'keepCaptures' | 'keepBytes'>,
  startingNext: boolean,
): CaptureSummary[] {
  const oldestFirst = [...captures].sort((a, b) => (a.id < b.id ? -1 : 1));
  let count = oldestFirst.length + (startingNext ? 1 : 0);
  let bytes = oldestFirst.reduce((sum, c) => sum + c.fileBytes, 0);
  const victims: CaptureSummary[] = [];
  for (const c of oldestFirst) {
    if (count <= settings.keepCaptures && bytes <= settings.keepBytes) break;
    if (isActive(c)) continue;
    victims.push(c);
    count -= 1;
    bytes -= c.fileBytes;
  }
  return victims;
}
