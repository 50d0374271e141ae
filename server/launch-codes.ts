// One-time codes that open the UI in a browser tab. The page swaps a code for the session token
// (POST /session) and the code is spent: the browser's history, session files and anything that
// saw the link afterwards hold a worthless code, never the token.

import { createAccessToken, tokensEqual } from './access-token';

export interface LaunchCodes {
  /** A new code that works once, within `ttlMs` (by default, until used). */
  issue(ttlMs?: number): string;
  /** True once per issued code, within its lifetime. */
  redeem(code: string | null): boolean;
}

/** Bounded: issuing more forgets the oldest unused ones. */
const MAX_OUTSTANDING = 8;

export function createLaunchCodes(now: () => number = Date.now): LaunchCodes {
  const codes = new Map<string, number>();
  return {
    issue(ttlMs = Number.POSITIVE_INFINITY) {
      const code = createAccessToken();
      codes.set(code, now() + ttlMs);
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
