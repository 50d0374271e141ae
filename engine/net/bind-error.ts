// Turns the errno a failed bind reports into an error a person understands.

import { appError, type ErrorInfo } from '../../shared/errors';
import { errnoCode } from './errno';
import { socketError } from './socket-error';

export interface BindTarget {
  readonly host: string;
  readonly port: number;
}

function describeTarget(target: BindTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `port ${host}:${target.port}`;
}

/**
 * Map a listen() failure to a typed error. Codes without a meaning of their own become
 * SOCKET_ERROR with the errno (TOO_MANY_OPEN_FILES when out of file descriptors), so nothing the
 * OS said is lost; only a failure without an errno is INTERNAL.
 */
export function bindError(error: unknown, target: BindTarget): ErrorInfo {
  const ctx = { host: target.host, port: target.port };
  switch (errnoCode(error)) {
    case 'EADDRINUSE':
      return appError('PORT_IN_USE', ctx);
    case 'EACCES':
    case 'EPERM':
      return appError('PORT_PRIVILEGED', ctx);
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return appError('ADDRESS_UNAVAILABLE', ctx);
    default:
      return socketError(error, describeTarget(target));
  }
}
