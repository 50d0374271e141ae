// Socket addresses as a person reads them.

import { isIPv4 } from 'node:net';
import type { AddressFamily } from '../../shared/model';

export interface NormalisedAddress {
  readonly address: string;
  readonly family: AddressFamily;
}

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/**
 * A dual-stack listener ('::') reports IPv4 clients as IPv4-mapped IPv6 ('::ffff:127.0.0.1').
 * The client really spoke IPv4, and that is what someone debugging "which family did my client
 * use?" needs to see, so mapped addresses are shown as plain IPv4.
 */
export function normaliseAddress(
  address: string | undefined,
  fallback: AddressFamily,
): NormalisedAddress {
  if (address === undefined || address === '') return { address: '', family: fallback };
  const mapped = MAPPED_V4.exec(address);
  if (mapped?.[1] !== undefined) return { address: mapped[1], family: 'IPv4' };
  return { address, family: isIPv4(address) ? 'IPv4' : 'IPv6' };
}
