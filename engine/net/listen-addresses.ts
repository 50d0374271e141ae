// Which socket addresses a listen host stands for, and which hosts clash with each other.

import type { AddressFamily, BoundAddress, ListenHost } from '../../shared/model';

export interface HostAddress {
  readonly address: string;
  readonly family: AddressFamily;
  /**
   * 'localhost' binds ::1 as well as 127.0.0.1, but only as a courtesy to clients that resolve
   * localhost to ::1: if ::1 cannot be had, the port still opens on 127.0.0.1 with a notice.
   */
  readonly optional: boolean;
}

/** The addresses a host binds, in bind order (the first one picks the port when asked for 0). */
export function addressesOf(host: ListenHost): readonly HostAddress[] {
  switch (host) {
    case 'localhost':
      return [
        { address: '127.0.0.1', family: 'IPv4', optional: false },
        { address: '::1', family: 'IPv6', optional: true },
      ];
    case '::1':
    case '::':
      return [{ address: host, family: 'IPv6', optional: false }];
    default:
      return [{ address: host, family: 'IPv4', optional: false }];
  }
}

/** The loopback address of the other family, for the "someone else holds it there" check. */
export function otherLoopback(host: ListenHost): string | null {
  if (host === '127.0.0.1') return '::1';
  if (host === '::1') return '127.0.0.1';
  return null;
}

function clash(a: string, b: string): boolean {
  if (a === b) return true;
  // '::' is bound dual-stack (tcp/tcp-bind.ts, udp/udp-bind.ts), so it takes IPv4 too.
  if (a === '::' || b === '::') return true;
  const v4 = (x: string) => !x.includes(':');
  if (a === '0.0.0.0') return v4(b);
  if (b === '0.0.0.0') return v4(a);
  return false;
}

/** True when two listen hosts cannot both have the same port (for the same protocol). */
export function hostsOverlap(a: ListenHost, b: ListenHost): boolean {
  return addressesOf(a).some((x) => addressesOf(b).some((y) => clash(x.address, y.address)));
}

export function toBound(address: HostAddress): BoundAddress {
  return { address: address.address, family: address.family };
}
