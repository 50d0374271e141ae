// "Payload contains": pages findConnections through the engine's whole history. The engine
// bounds each call's scan, so this loop is what walks a large history; cancelling between pages
// is how a changed pattern stops the old search.
import type { CommandArgs, CommandResult } from '../../../../shared/contract';
import { MAX_PAGE } from '../../../../shared/contract';
import type { ErrorInfo, Result } from '../../../../shared/errors';
import type { PayloadSpec } from '../../../../shared/payload-spec';

export type FindConnections = (
  args: CommandArgs<'findConnections'>,
) => Promise<Result<CommandResult<'findConnections'>>>;

export interface PayloadSearchProgress {
  /** Ids found so far (a new Set per report, so the store sees a change). */
  readonly matches: ReadonlySet<number>;
  /** Every connection with an id up to this one has been searched; Infinity once done. */
  readonly scannedThrough: number;
  readonly scannedBytes: number;
  readonly done: boolean;
  readonly error: ErrorInfo | null;
}

/** Starts the search; returns the function that cancels it (no report follows a cancel). */
export function runPayloadSearch(
  find: FindConnections,
  pattern: PayloadSpec,
  report: (progress: PayloadSearchProgress) => void,
): () => void {
  let cancelled = false;
  const matches = new Set<number>();
  let scannedBytes = 0;
  const loop = async (): Promise<void> => {
    let afterId = 0;
    for (;;) {
      const page = await find({ pattern, direction: 'both', afterId, limit: MAX_PAGE });
      if (cancelled) return;
      if (!page.ok) {
        report({
          matches: new Set(matches),
          scannedThrough: afterId,
          scannedBytes,
          done: true,
          error: page.error,
        });
        return;
      }
      for (const id of page.value.ids) matches.add(id);
      scannedBytes += page.value.scannedBytes;
      const next = page.value.nextAfterId;
      report({
        matches: new Set(matches),
        scannedThrough: next ?? Infinity,
        scannedBytes,
        done: next === null,
        error: null,
      });
      if (next === null) return;
      afterId = next;
    }
  };
  // Bridges answer with envelopes, but a bug must still end the search visibly, not silently.
  loop().catch((error: unknown) => {
    if (cancelled) return;
    const message = error instanceof Error ? error.message : String(error);
    report({
      matches: new Set(matches),
      scannedThrough: 0,
      scannedBytes,
      done: true,
      error: { code: 'INTERNAL', message, hint: 'Try the search again.' },
    });
  });
  return () => {
    cancelled = true;
  };
}
