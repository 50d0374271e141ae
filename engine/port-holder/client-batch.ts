// One batch of client-process queries through a platform lookup: the context the lookup gets,
// and the guarantee that the batch ends, answered, failed or abandoned.

import type {
  ClientProcess,
  ClientProcessUnknown,
  ClientUnknownReason,
} from '../../shared/client-process';
import type { ClientBatchLookup, ClientLookupContext } from './client-lookup';
import type { CanonicalClientQuery } from './client-query';

/** A query as the resolver tracks it. */
export interface BatchEntry {
  readonly query: CanonicalClientQuery;
  readonly enqueuedAt: number;
  /** performance.now() by which it must be answered. */
  readonly deadline: number;
  settled: boolean;
  /** Whose socket it is, once the lookup knows (kept for a timeout answer). */
  user: string | null;
  result: ClientProcess | null;
}

export interface ClientBatchReport {
  /** Distinct queries in the batch. */
  readonly size: number;
  /** How long the oldest of them waited in the queue before the batch started. */
  readonly waitedMs: number;
  /** From the batch's start until its lookup returned (or was abandoned). */
  readonly durationMs: number;
  /** Answered with a process. */
  readonly named: number;
  /** Answered unknown, by reason. */
  readonly unknown: Readonly<Partial<Record<ClientUnknownReason, number>>>;
}

/**
 * How long a lookup may go on after being told to stop before the batch ends without it. Ours
 * stop within milliseconds; this only keeps a stuck lookup from stalling every later query.
 */
const ABANDON_AFTER_MS = 2000;

export function unknownClient(
  reason: ClientUnknownReason,
  user: string | null = null,
): ClientProcessUnknown {
  return { kind: 'unknown', reason, user };
}

/**
 * Runs `lookup` over the batch. Resolves once it has returned, or ABANDON_AFTER_MS after
 * `controller` was aborted if it ignores that; then whatever it left unanswered is answered
 * failed. The controller is aborted as soon as every entry is settled, by the lookup or by the
 * caller's timeouts, so the lookup stops working for nobody.
 */
export async function runClientBatch<Entry extends BatchEntry>(
  lookup: ClientBatchLookup,
  batch: readonly Entry[],
  controller: AbortController,
  settle: (entry: Entry, answer: ClientProcess) => void,
): Promise<void> {
  const context: ClientLookupContext = {
    signal: controller.signal,
    remainingMs: () => {
      const deadlines = batch.filter((e) => !e.settled).map((e) => e.deadline);
      return deadlines.length === 0 ? 0 : Math.max(0, Math.max(...deadlines) - performance.now());
    },
    settle: (index, answer) => {
      const entry = batch[index];
      if (entry === undefined || entry.settled) return;
      settle(entry, answer);
      if (batch.every((e) => e.settled)) controller.abort();
    },
    hint: (index, user) => {
      const entry = batch[index];
      if (entry !== undefined) entry.user = user;
    },
  };

  const grace: { timer?: ReturnType<typeof setTimeout> } = {};
  const abandoned = new Promise<void>((resolve) => {
    const onAbort = (): void => {
      // Unref'd: queries still waiting keep the process alive through the resolver's own timer.
      grace.timer = setTimeout(resolve, ABANDON_AFTER_MS).unref();
    };
    if (controller.signal.aborted) onAbort();
    else controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  const work = (async () => {
    try {
      await lookup(
        batch.map((e) => e.query),
        context,
      );
    } catch {
      // Best effort: whatever it did not answer is answered below.
    }
  })();
  await Promise.race([work, abandoned]);
  for (const entry of batch) if (!entry.settled) settle(entry, unknownClient('failed', entry.user));
  controller.abort();
  clearTimeout(grace.timer);
}

export function batchReport(
  batch: readonly BatchEntry[],
  startedAt: number,
  durationMs: number,
): ClientBatchReport {
  const unknown: Partial<Record<ClientUnknownReason, number>> = {};
  let named = 0;
  for (const entry of batch) {
    if (entry.result?.kind === 'process') named += 1;
    else if (entry.result?.kind === 'unknown') {
      unknown[entry.result.reason] = (unknown[entry.result.reason] ?? 0) + 1;
    }
  }
  const oldest = Math.min(...batch.map((e) => e.enqueuedAt));
  return {
    size: batch.length,
    waitedMs: Math.max(0, startedAt - oldest),
    durationMs,
    named,
    unknown,
  };
}
