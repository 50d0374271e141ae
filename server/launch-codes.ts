// One-time codes for opening the UI in a browser. Launching a browser puts its URL on a command
// line (visible to every local user through `ps`), so that URL carries a code that works once,
// for a minute, and is swapped for the session cookie, never the token itself.

import { createAccessToken, tokensEqual } from './access-token';

export interface LaunchCodes {
  issue(): string;
  /** True once per issued code, within its lifetime. */
  redeem(code: string | null): boolean;
}

const MAX_OUTSTANDING = 8;

export function createLaunchCodes(ttlMs = 60_000, now: () => number = Date.now): LaunchCodes {
  const codes = new Map<string, number>();
  return {
    issue() {
      const code = createAccessToken();
      codes.set(code, now() + ttlMs);
      // Bounded: the oldest outstanding code is dropped first.
      while (codes.size > MAX_OUTSTANDING) {
        const oldest = codes.keys().next().value;
        if (oldest === undefined) break;
        codes.delete(oldest);
      }
      return code;
    },
    redeem(code) {
      if (!code) return false;
      for (const [candidate, expires] of codes) {
        if (tokensEqual(code, candidate)) {
          codes.delete(candidate);
          return expires >= now();
        }
      }
      return false;
    },
  };
}
