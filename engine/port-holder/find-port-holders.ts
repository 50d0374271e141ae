// "Who holds this port?" — the answer Porthole shows next to EADDRINUSE.

import type { PortHolder } from '../../shared/model';
import { linuxPortHolders } from './linux-port-holders';
import type { HolderQuery, LookupContext, PlatformLookup } from './lookup-context';
import { runLookup } from './run-lookup';
import { macPortHolders } from './mac-port-holders';
import { runCommand } from './run-command';
import { windowsPortHolders } from './windows-port-holders';

export interface PortHolderQuery {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** Upper bound on the whole lookup; what is known by then is returned. Default 1500 ms. */
  readonly timeoutMs?: number;
}

export const DEFAULT_HOLDER_TIMEOUT_MS = 1500;

/** The cap for queries that name none; only tests change it (setDefaultHolderTimeout). */
let defaultTimeoutMs = DEFAULT_HOLDER_TIMEOUT_MS;

/**
 * Tests only: the cap used when a query names none, as the engine's own lookups beside a bind
 * error do. A test that checks the holder is *named* must not depend on a busy machine scanning
 * /proc within 1.5 s; the cap itself is tested with a lookup that never finishes. Returns a
 * function that puts the previous cap back.
 */
export function setDefaultHolderTimeout(ms: number): () => void {
  const previous = defaultTimeoutMs;
  defaultTimeoutMs = ms;
  return () => {
    defaultTimeoutMs = previous;
  };
}

function withTools(
  lookup: (
    query: HolderQuery,
    context: LookupContext,
    run: (file: string, args: readonly string[]) => Promise<string>,
  ) => Promise<readonly PortHolder[]>,
): PlatformLookup {
  return (query, context) =>
    lookup(query, context, (file, args) =>
      runCommand(file, args, { timeoutMs: context.remainingMs(), signal: context.signal }),
    );
}

function lookupFor(platform: NodeJS.Platform): PlatformLookup | null {
  switch (platform) {
    case 'linux':
    case 'android':
      return linuxPortHolders;
    case 'darwin':
      return withTools(macPortHolders);
    case 'win32':
      return withTools(windowsPortHolders);
    default:
      return null;
  }
}

/**
 * The processes holding `port`, as far as the OS tells us. Never throws and never takes longer
 * than timeoutMs: this runs while an error is on screen, and a slow or failed lookup must not hold
 * up or replace the error itself. On timeout the partial answer is returned (e.g. addresses and
 * users without pids), or [] if nothing was known yet.
 */
export function findPortHolders(query: PortHolderQuery): Promise<PortHolder[]> {
  return findPortHoldersWith(lookupFor(process.platform), query);
}

/** findPortHolders with the platform's lookup given: tests pass one that never finishes. */
export async function findPortHoldersWith(
  lookup: PlatformLookup | null,
  query: PortHolderQuery,
): Promise<PortHolder[]> {
  const { protocol, port } = query;
  if ((protocol !== 'tcp' && protocol !== 'udp') || !Number.isInteger(port)) return [];
  if (port < 1 || port > 65535) return [];
  if (lookup === null) return [];

  const requested = query.timeoutMs ?? defaultTimeoutMs;
  const timeoutMs = Number.isFinite(requested) ? Math.max(0, requested) : defaultTimeoutMs;
  return runLookup(lookup, { protocol, port }, timeoutMs);
}
