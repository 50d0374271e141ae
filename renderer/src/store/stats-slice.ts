// Engine-wide figures and the capture limits they carry, and the command that changes the
// limits. Stats arrive with every batch; the newest in the frame wins.
import type { StateCreator } from 'zustand';
import type { Result } from '../../../shared/errors';
import type { CaptureLimits, EngineStats } from '../../../shared/model';
import type { PortholeState, StoreDeps } from './porthole-state';
import type { StoreOp } from './store-op';

export interface StatsSlice {
  readonly stats: EngineStats | null;
  /** Change the capture caps; the form shows any error itself, so no toast. */
  applyLimits(limits: Partial<CaptureLimits>): Promise<Result<CaptureLimits>>;
}

export const createStatsSlice =
  ({ engine }: StoreDeps): StateCreator<PortholeState, [], [], StatsSlice> =>
  (_set, get) => ({
    stats: null,
    async applyLimits(limits) {
      const result = await engine().setLimits(limits);
      if (result.ok) {
        get().enqueue({ kind: 'limits', limits: result.value });
        // Applied now, in order with what was queued before, so the form that clears its edits
        // on success shows the new values in the same render rather than the old ones for a
        // frame.
        get().flushFrame();
      }
      return result;
    },
  });

/** The stats after this frame's ops. */
export function reduceStats(
  stats: EngineStats | null,
  ops: readonly StoreOp[],
): EngineStats | null {
  let next = stats;
  for (const op of ops) {
    if (op.kind === 'batch') next = op.batch.stats;
    else if (op.kind === 'stats') next = op.stats;
    // Until the first stats arrive there is nothing to amend; they will carry the limits.
    else if (op.kind === 'limits' && next !== null) next = { ...next, limits: op.limits };
  }
  return next;
}
