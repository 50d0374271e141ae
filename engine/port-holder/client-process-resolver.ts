// "Which program is the client", answered off the capture path: queries are queued, looked up in
// batches (one socket-table read and one process scan for many connections), at most one batch
// at a time and at a bounded rate, each answer bounded in time.

import type { ClientProcess, ClientUnknownReason } from '../../shared/client-process';
import {
  batchReport,
  runClientBatch,
  unknownClient as unknown,
  type BatchEntry,
  type ClientBatchReport,
} from './client-batch';
import type { ClientBatchLookup } from './client-lookup';
import { clientLookupFor } from './client-lookup-for';
import { canonicalQuery, queryKey, type ClientQuery } from './client-query';
import { createLocalAddressCheck } from './local-addresses';

export interface ClientProcessResolverOptions {
  /**
   * Queries waiting or being looked up at most; more are answered unknown/busy at once.
   * Default 2048.
   */
  readonly maxPending?: number;
  /** Least time between the starts of two batches. Default 20 ms. */
  readonly batchDelayMs?: number;
  /**
   * Longest a query waits for its answer, counted from resolve(); then it is unknown/timeout.
   * Default 1000 ms. Keep it short: a client's port may be reused by another program long after.
   */
  readonly timeoutMs?: number;
  /** Queries per batch at most; the rest wait for the next. Default 512. */
  readonly maxBatchSize?: number;
  /**
   * The platform's batch lookup (tests inject one). Default: this OS's. null: there is none, and
   * every local client is unknown/unsupported.
   */
  readonly lookup?: ClientBatchLookup | null;
  /** Whether an address is this machine's (tests inject one). Default: interfaces plus loopback. */
  readonly isLocalAddress?: (address: string) => boolean;
  /** After each batch, for diagnostics. */
  readonly onBatch?: (report: ClientBatchReport) => void;
}

export interface ClientResolverStats {
  readonly batches: number;
  /** Answers given (each resolve() call counts once, deduplicated ones included). */
  readonly answered: number;
  readonly named: number;
  readonly remoteHost: number;
  readonly unknown: Readonly<Partial<Record<ClientUnknownReason, number>>>;
}

export interface ClientProcessResolver {
  /**
   * The client process of a connection (or UDP peer) Porthole just accepted. Call it right after
   * accept: a client that exits before its batch runs can no longer be named. Never rejects.
   */
  resolve(query: ClientQuery): Promise<ClientProcess>;
  /** Totals since creation. */
  stats(): ClientResolverStats;
  /** Answers everything pending with unknown/closed, stops the lookup and every timer. */
  close(): void;
}

const DEFAULT_MAX_PENDING = 2048;
const DEFAULT_BATCH_DELAY_MS = 20;
const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_MAX_BATCH_SIZE = 512;
/** The longest pause after a batch (see runBatch). */
const MAX_REST_MS = 250;

const now = (): number => performance.now();

interface Pending extends BatchEntry {
  readonly key: string;
  readonly answer: Promise<ClientProcess>;
  readonly deliver: (answer: ClientProcess) => void;
  /** Answers given through this entry (deduplicated resolve() calls share it). */
  callers: number;
}

export function createClientProcessResolver(
  options: ClientProcessResolverOptions = {},
): ClientProcessResolver {
  const maxPending = Math.max(1, options.maxPending ?? DEFAULT_MAX_PENDING);
  const batchDelayMs = Math.max(0, options.batchDelayMs ?? DEFAULT_BATCH_DELAY_MS);
  const timeoutMs = Math.max(0, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxBatchSize = Math.max(1, options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
  const lookup = options.lookup === undefined ? clientLookupFor(process.platform) : options.lookup;
  const isLocal = options.isLocalAddress ?? createLocalAddressCheck();

  /** Not yet in a batch, oldest first. */
  let queue: Pending[] = [];
  /** Unsettled queries by key, so a repeated question shares one lookup. */
  const byKey = new Map<string, Pending>();
  let inFlight: { readonly batch: Pending[]; readonly controller: AbortController } | null = null;
  let closed = false;
  let batchTimer: { cancel(): void } | null = null;
  let sweepTimer: ReturnType<typeof setTimeout> | null = null;
  /** Queries queued or in flight and not yet answered. */
  let open = 0;
  /** The next batch may not start before this. */
  let nextStartAt = Number.NEGATIVE_INFINITY;

  const totals = {
    batches: 0,
    answered: 0,
    named: 0,
    remoteHost: 0,
    unknown: {} as Partial<Record<ClientUnknownReason, number>>,
  };
  const count = (answer: ClientProcess, callers = 1): void => {
    totals.answered += callers;
    if (answer.kind === 'process') totals.named += callers;
    else if (answer.kind === 'remote-host') totals.remoteHost += callers;
    else totals.unknown[answer.reason] = (totals.unknown[answer.reason] ?? 0) + callers;
  };
  const answerNow = (answer: ClientProcess): Promise<ClientProcess> => {
    count(answer);
    return Promise.resolve(answer);
  };

  const settle = (pending: Pending, answer: ClientProcess): void => {
    if (pending.settled) return;
    pending.settled = true;
    pending.result = answer;
    open -= 1;
    if (byKey.get(pending.key) === pending) byKey.delete(pending.key);
    count(answer, pending.callers);
    pending.deliver(answer);
  };

  /** Times out what is past its deadline, stops a batch with nothing left, re-arms for the next. */
  const sweep = (): void => {
    sweepTimer = null;
    const at = now();
    const expired = (p: Pending): boolean => !p.settled && p.deadline <= at;
    for (const p of queue) if (expired(p)) settle(p, unknown('timeout', p.user));
    queue = queue.filter((p) => !p.settled);
    if (inFlight !== null) {
      for (const p of inFlight.batch) if (expired(p)) settle(p, unknown('timeout', p.user));
      if (inFlight.batch.every((p) => p.settled)) inFlight.controller.abort();
    }
    armSweep();
  };

  /** One timer at the earliest deadline of anything unsettled; none when idle. */
  const armSweep = (): void => {
    if (sweepTimer !== null || closed) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const p of inFlight?.batch ?? [])
      if (!p.settled) earliest = Math.min(earliest, p.deadline);
    // The queue is in arrival order, so its head has its earliest deadline.
    if (queue[0] !== undefined) earliest = Math.min(earliest, queue[0].deadline);
    if (earliest === Number.POSITIVE_INFINITY) return;
    sweepTimer = setTimeout(sweep, Math.max(0, Math.ceil(earliest - now())));
  };

  const schedule = (): void => {
    if (closed || inFlight !== null || batchTimer !== null || queue.length === 0) return;
    const wait = nextStartAt - now();
    if (wait <= 0) {
      // Immediately when idle, yet after the current I/O phase: connections accepted together
      // go into one batch.
      const immediate = setImmediate(startBatch);
      batchTimer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(startBatch, Math.ceil(wait));
      batchTimer = { cancel: () => clearTimeout(timer) };
    }
  };

  const startBatch = (): void => {
    batchTimer = null;
    if (closed || inFlight !== null || lookup === null) return;
    const batch = queue.splice(0, maxBatchSize);
    if (batch.length === 0) return;
    const startedAt = now();
    const controller = new AbortController();
    inFlight = { batch, controller };
    totals.batches += 1;
    void runBatch(lookup, batch, controller, startedAt);
  };

  const runBatch = async (
    run: ClientBatchLookup,
    batch: Pending[],
    controller: AbortController,
    startedAt: number,
  ): Promise<void> => {
    await runClientBatch(run, batch, controller, settle);
    const endedAt = now();
    const duration = endedAt - startedAt;
    // Rate bound: the next batch starts batchDelayMs after this one started at the earliest,
    // and never sooner than this one lasted after it ended, so lookups take at most half of the
    // time however many connections arrive. The rest is capped (250 ms): after a slow batch (a
    // full /proc scan on a loaded machine, or an abandoned lookup) the queries that waited for
    // it would otherwise run out of time too. What bounds the load on the engine itself is that
    // a lookup reads few files at once (see linux-client-lookup.ts).
    nextStartAt = Math.max(startedAt + batchDelayMs, endedAt + Math.min(duration, MAX_REST_MS));
    inFlight = null;
    try {
      options.onBatch?.(batchReport(batch, startedAt, duration));
    } catch {
      // Diagnostics must not stop the queue.
    }
    if (sweepTimer !== null && open === 0) {
      clearTimeout(sweepTimer);
      sweepTimer = null;
    }
    schedule();
  };

  const ask = (query: ClientQuery): Promise<ClientProcess> => {
    if (closed) return answerNow(unknown('closed'));
    const canonical = canonicalQuery(query);
    if (canonical === null) return answerNow(unknown('unsupported'));
    if (!isLocal(canonical.remoteIp)) return answerNow({ kind: 'remote-host' });
    if (lookup === null) return answerNow(unknown('unsupported'));
    const key = queryKey(canonical);
    const same = byKey.get(key);
    if (same !== undefined) {
      same.callers += 1;
      return same.answer;
    }
    if (open >= maxPending) return answerNow(unknown('busy'));

    let deliver: (answer: ClientProcess) => void = () => undefined;
    const answer = new Promise<ClientProcess>((resolve) => {
      deliver = resolve;
    });
    const enqueuedAt = now();
    const pending: Pending = {
      query: canonical,
      key,
      enqueuedAt,
      deadline: enqueuedAt + timeoutMs,
      answer,
      deliver,
      callers: 1,
      settled: false,
      user: null,
      result: null,
    };
    queue.push(pending);
    byKey.set(key, pending);
    open += 1;
    armSweep();
    schedule();
    return answer;
  };

  return {
    resolve(query) {
      try {
        return ask(query);
      } catch {
        // Only an injected isLocalAddress could throw; the promise never rejects.
        return answerNow(unknown('failed'));
      }
    },

    stats() {
      return { ...totals, unknown: { ...totals.unknown } };
    },

    close() {
      if (closed) return;
      closed = true;
      batchTimer?.cancel();
      batchTimer = null;
      if (sweepTimer !== null) clearTimeout(sweepTimer);
      sweepTimer = null;
      for (const p of [...queue, ...(inFlight?.batch ?? [])]) settle(p, unknown('closed', p.user));
      queue = [];
      byKey.clear();
      inFlight?.controller.abort();
    },
  };
}
