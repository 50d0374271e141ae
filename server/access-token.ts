// The per-run secret that stands between the browser-mode UI and every other local program.
// It is generated inside the process (never passed on a command line, where `ps` would show it).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits of randomness, URL-safe so it can sit in `?token=` without escaping. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison also takes the same
 * time whatever the candidate's length (timingSafeEqual itself requires equal lengths).
 */
export function tokensEqual(candidate: string | null | undefined, expected: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 512) {
    return false;
  }
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
