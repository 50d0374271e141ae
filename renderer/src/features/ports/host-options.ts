import type { ListenHost } from '../../../../shared/model';

/** The four bind choices, loopback first: binding beyond this machine is an explicit choice. */
export const HOST_OPTIONS: readonly { readonly host: ListenHost; readonly label: string }[] = [
  { host: '127.0.0.1', label: '127.0.0.1 (loopback)' },
  { host: '::1', label: '::1 (IPv6 loopback)' },
  { host: '0.0.0.0', label: '0.0.0.0 (all IPv4 interfaces)' },
  { host: '::', label: ':: (all interfaces)' },
];
