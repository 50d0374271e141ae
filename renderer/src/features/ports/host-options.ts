import type { ListenHost } from '../../../../shared/model';

/**
 * The bind choices, loopback first: binding beyond this machine is an explicit choice.
 * localhost comes first and is the default: it binds both loopback addresses, so a client
 * reaches the port whether it resolves "localhost" to 127.0.0.1 or to ::1.
 */
export const HOST_OPTIONS: readonly { readonly host: ListenHost; readonly label: string }[] = [
  { host: 'localhost', label: 'localhost (127.0.0.1 + ::1)' },
  { host: '127.0.0.1', label: '127.0.0.1 (IPv4 loopback)' },
  { host: '::1', label: '::1 (IPv6 loopback)' },
  { host: '0.0.0.0', label: '0.0.0.0 (all IPv4 interfaces)' },
  { host: '::', label: ':: (all interfaces)' },
];
