// Turns the errno a failed bind reports into an error a person understands.

import { appError, type ErrorInfo } from '../../shared/errors';

export interface BindTarget {
  readonly host: string;
  readonly port: number;
}

/** The errno code Node attaches to system errors, if there is one. */
export function errnoCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/**
 * Map a listen() failure to a typed error. Unknown codes become INTERNAL with the raw code and
 * message as detail, so nothing the OS said is lost.
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
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return appError('INTERNAL', { ...ctx, detail: `listen failed: ${message}` });
    }
  }
}
