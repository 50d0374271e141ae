// What a platform's batch lookup of client processes receives, so the resolver can bound it in
// time and take each answer as soon as it is known.

import type { ClientProcess } from '../../shared/client-process';
import type { CanonicalClientQuery } from './client-query';

export interface ClientLookupContext {
  /** Aborted when every query is answered or out of time: stop work, kill child processes. */
  readonly signal: AbortSignal;
  /** Milliseconds until the last query of the batch runs out of time (for tool timeouts). */
  remainingMs(): number;
  /**
   * The answer for queries[index]. Settle each as soon as it is known: a client found among
   * recently seen processes need not wait for a full scan. Later calls for an index are ignored.
   */
  settle(index: number, answer: ClientProcess): void;
  /** Whose socket it is, known before the owner is: kept for an answer of timeout. */
  hint(index: number, user: string | null): void;
}

/**
 * Looks up a batch of queries at once (one read of the socket table, one process scan). Every
 * query should be settled before the returned promise resolves; the resolver answers any left
 * over as failed, and answers timeouts itself. May throw: the resolver catches.
 */
export type ClientBatchLookup = (
  queries: readonly CanonicalClientQuery[],
  context: ClientLookupContext,
) => Promise<void>;

/** `file args` → stdout ('' on any failure), bounded by the batch's time. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<string>;

/** A lookup through system tools (lsof, netstat): given a runner bound to the batch's deadline. */
export type ToolClientLookup = (
  queries: readonly CanonicalClientQuery[],
  context: ClientLookupContext,
  run: CommandRunner,
) => Promise<void>;
