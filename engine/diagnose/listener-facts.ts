// Step 2: who listens on the port — on the address tried, on the other family, on other local
// addresses. Read from the OS's socket tables (findPortHolders), never by connecting, so it sees
// a server bound to ::1 only even when the client tried 127.0.0.1.

import type { ListenerStep, ListeningFacts } from '../../shared/diagnosis/diagnosis';
import type { PortHolder } from '../../shared/model';
import { findPortHolders } from '../port-holder';
import { canonicalIp } from '../port-holder/ip-address';
import { elapsedSince } from './step-clock';

export async function lookUpListeners(port: number, timeoutMs: number): Promise<ListenerStep> {
  const started = performance.now();
  const holders = await findPortHolders({ protocol: 'tcp', port, timeoutMs });
  return { ms: elapsedSince(started), holders };
}

/** The IP of a holder's "127.0.0.1:5432" / "[::1]:5432" / "[::]:5432", canonical. */
export function holderIp(holder: PortHolder): string | null {
  const bracketed = /^\[(.*)\]:\d+$/.exec(holder.address);
  const text = bracketed?.[1] ?? holder.address.replace(/:\d+$/, '');
  return canonicalIp(text);
}

/**
 * Whether a listener bound to `bound` accepts connections to `address`. "::" counts for IPv4
 * too: that is how Node and most servers bind it (dual-stack), and the OS tables cannot tell a
 * v6-only socket apart; a refused connect settles it either way.
 */
function covers(bound: string, address: string): boolean {
  if (bound === address) return true;
  const v6 = address.includes(':');
  if (bound === '::') return true;
  return bound === '0.0.0.0' && !v6;
}

export function listeningFacts(address: string, holders: readonly PortHolder[]): ListeningFacts {
  const target = canonicalIp(address) ?? address;
  const here: PortHolder[] = [];
  const elsewhere: PortHolder[] = [];
  for (const holder of holders) {
    const bound = holderIp(holder);
    (bound !== null && covers(bound, target) ? here : elsewhere).push(holder);
  }
  return { here, elsewhere };
}
