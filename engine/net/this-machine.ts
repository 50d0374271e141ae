// Is an address this machine? Replay and diagnose both send only here unless the person
// confirms another target, so they share one answer to the question.

import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

const MAPPED_V4 = /^::ffff:/i;

/** True for loopback and for any address of this machine's own interfaces. */
export function isThisMachine(address: string): boolean {
  const plain = address.replace(MAPPED_V4, '');
  if (isIP(plain) === 4 && plain.startsWith('127.')) return true;
  if (plain === '::1') return true;
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.address === plain) return true;
  }
  return false;
}
