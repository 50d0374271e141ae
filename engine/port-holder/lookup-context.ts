// What every platform lookup receives, so findPortHolders can stop it and keep its partial answer.

import type { PortHolder } from '../../shared/model';

export interface HolderQuery {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
}

export interface LookupContext {
  /** Aborted when the caller's time is up; lookups stop their work and kill child processes. */
  readonly signal: AbortSignal;
  /** Milliseconds left before the deadline, for child-process timeouts. */
  remainingMs(): number;
  /**
   * The best answer so far. On timeout findPortHolders returns the last one reported, so a lookup
   * reports as soon as it knows something useful (e.g. the address and user before the pid).
   */
  report(holders: readonly PortHolder[]): void;
}

export type PlatformLookup = (
  query: HolderQuery,
  context: LookupContext,
) => Promise<readonly PortHolder[]>;

/** One entry per pid and address (a process may hold the same address through several sockets). */
export function dedupeHolders(holders: readonly PortHolder[]): PortHolder[] {
  const seen = new Set<string>();
  const unique: PortHolder[] = [];
  for (const holder of holders) {
    // Without a pid, different users are still different holders.
    const key = `${holder.pid ?? `?${holder.user ?? ''}`}|${holder.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(holder);
  }
  return unique;
}

/** Command lines can be huge (generated classpaths); the UI needs the gist. */
export const COMMAND_LINE_MAX = 512;

/** Single line, at most COMMAND_LINE_MAX characters; null when there is nothing to show. */
export function capCommandLine(text: string): string | null {
  // Arguments may contain newlines or other control characters (a `node -e` script); the UI shows
  // one line, and control characters from another process are not ours to render.
  // eslint-disable-next-line no-control-regex
  const trimmed = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (trimmed === '') return null;
  return trimmed.length > COMMAND_LINE_MAX ? `${trimmed.slice(0, COMMAND_LINE_MAX - 1)}…` : trimmed;
}
