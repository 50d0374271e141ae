// Is an address one of this machine's? Decides, without any lookup, that a client is remote.

import { networkInterfaces } from 'node:os';
import { canonicalIp, isLoopbackIp } from './ip-address';

/** How old the interface list may be before an unlisted address makes us read it again. */
const REFRESH_AFTER_MS = 2000;

type InterfaceReader = () => ReturnType<typeof networkInterfaces>;

/**
 * A check that answers from a cached interface list. Local clients are the common case and are
 * answered from the cache; an address not in it re-reads the list at most every 2 s, so an
 * interface that just came up (a VPN, a new Wi-Fi address) is seen quickly and a flood of remote
 * clients costs one getifaddrs() call per 2 s, not one per connection.
 */
export function createLocalAddressCheck(
  read: InterfaceReader = networkInterfaces,
  now: () => number = () => performance.now(),
): (address: string) => boolean {
  let known = new Set<string>();
  let readAt = Number.NEGATIVE_INFINITY;

  const refresh = (): void => {
    const next = new Set<string>();
    try {
      for (const entries of Object.values(read())) {
        for (const entry of entries ?? []) {
          const canonical = canonicalIp(entry.address);
          if (canonical !== null) next.add(canonical);
        }
      }
    } catch {
      // getifaddrs() failing leaves loopback as the only known local address; remote answers
      // stay wrong at worst until the next refresh, and no lookup is attempted for them.
    }
    known = next;
    readAt = now();
  };

  return (address) => {
    const canonical = canonicalIp(address);
    if (canonical === null) return false;
    if (isLoopbackIp(canonical) || known.has(canonical)) return true;
    if (now() - readAt < REFRESH_AFTER_MS) return false;
    refresh();
    return known.has(canonical);
  };
}
