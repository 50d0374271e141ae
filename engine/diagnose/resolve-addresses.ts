// Step 1: every address the name gives, in the order the OS gives them. That order is what
// getaddrinfo-based clients try (curl, most languages' defaults), so "::1 first" is a fact worth
// showing when only 127.0.0.1 answers.

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ResolutionStep, ResolvedAddress } from '../../shared/diagnosis/diagnosis';
import { elapsedSince } from './step-clock';

/** A name giving more than this many addresses has the rest left out: each costs a probe. */
const MAX_ADDRESSES = 8;

function familyOf(address: string): ResolvedAddress['family'] {
  return isIP(address) === 6 ? 'IPv6' : 'IPv4';
}

export async function resolveAddresses(host: string, timeoutMs: number): Promise<ResolutionStep> {
  const started = performance.now();
  if (isIP(host) !== 0) {
    return {
      ms: 0,
      literal: true,
      addresses: [{ address: host, family: familyOf(host) }],
      error: null,
    };
  }
  let timer: NodeJS.Timeout | undefined;
  // dns.lookup cannot be cancelled (it runs on libuv's thread pool); a slow resolver is reported
  // as a timeout and its late answer ignored.
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const found = await Promise.race([lookup(host, { all: true, order: 'verbatim' }), timedOut]);
    if (found === 'timeout') {
      return { ms: elapsedSince(started), literal: false, addresses: [], error: 'TIMEOUT' };
    }
    const seen = new Set<string>();
    const addresses: ResolvedAddress[] = [];
    for (const entry of found) {
      if (seen.has(entry.address) || addresses.length >= MAX_ADDRESSES) continue;
      seen.add(entry.address);
      addresses.push({ address: entry.address, family: entry.family === 6 ? 'IPv6' : 'IPv4' });
    }
    return { ms: elapsedSince(started), literal: false, addresses, error: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ms: elapsedSince(started),
      literal: false,
      addresses: [],
      error: typeof code === 'string' ? code : 'ENOTFOUND',
    };
  } finally {
    clearTimeout(timer);
  }
}
