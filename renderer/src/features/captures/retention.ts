// What saving new retention settings would delete, so the form can say so before it happens.
// The engine applies retention as soon as the settings change (and when a capture starts), by
// the same rule (shared/retention.ts); the UI knows a capture is still being written when it is
// the current one or has neither ended nor been interrupted.
import type { CaptureSettings, CaptureSummary } from '../../../../shared/model';
import { retentionVictims as sharedRule } from '../../../../shared/retention';

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
  return sharedRule(captures, isActive, settings, startingNext);
}
