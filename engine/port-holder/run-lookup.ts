// Run a platform lookup under a deadline, keeping its partial answer.

import type { PortHolder } from '../../shared/model';
import type { HolderQuery, LookupContext, PlatformLookup } from './lookup-context';

/**
 * Resolves with the lookup's answer, or after timeoutMs with the last answer it reported ([] if
 * none). Never rejects: a failing lookup also yields what it reported. The signal is aborted as
 * soon as this settles, so a lookup still running stops and kills its child processes.
 */
export async function runLookup(
  lookup: PlatformLookup,
  query: HolderQuery,
  timeoutMs: number,
): Promise<PortHolder[]> {
  const deadline = performance.now() + timeoutMs;
  const controller = new AbortController();
  let known: readonly PortHolder[] = [];
  const context: LookupContext = {
    signal: controller.signal,
    remainingMs: () => Math.max(0, deadline - performance.now()),
    report: (holders) => {
      known = holders;
    },
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<readonly PortHolder[]>((resolve) => {
    timer = setTimeout(() => resolve(known), timeoutMs);
  });
  const work = (async () => {
    try {
      return await lookup(query, context);
    } catch {
      // Lookups are best effort; an unexpected failure still leaves what they reported.
      return known;
    }
  })();
  try {
    return [...(await Promise.race([work, timedOut]))];
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
