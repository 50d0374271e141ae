// What went wrong with a relay's upstream, as an error a person can act on: the same words for a
// TCP relay and a UDP one.

import { appError, type ErrorInfo } from '../../shared/errors';
import { errnoCode } from './errno';
import { errnoError } from './socket-error';

export interface UpstreamTarget {
  readonly host: string;
  readonly port: number;
}

const NOT_FOUND = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'EAI_NODATA',
  'ENODATA',
]);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
/** The upstream aborted: RST received, or our write hit a socket it had already reset. */
export const UPSTREAM_RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

export function upstreamError(error: unknown, target: UpstreamTarget): ErrorInfo {
  const code = errnoCode(error) ?? (error instanceof Error ? error.message : String(error));
  const where = { host: target.host, port: target.port };
  if (code === 'ECONNREFUSED') return appError('UPSTREAM_REFUSED', where);
  if (NOT_FOUND.has(code)) return appError('UPSTREAM_NOT_FOUND', where);
  if (UNREACHABLE.has(code)) return appError('UPSTREAM_UNREACHABLE', { ...where, detail: code });
  if (UPSTREAM_RESET_CODES.has(code)) return appError('UPSTREAM_RESET', where);
  // The kernel's own connect timeout (SYNs unanswered) is the same story as ours.
  if (code === 'ETIMEDOUT') return appError('UPSTREAM_TIMEOUT', where);
  // No descriptor left for the upstream socket: Porthole's limit, not the service's fault.
  if (code === 'EMFILE' || code === 'ENFILE') {
    return errnoError(code, `the relay to ${target.host}:${target.port}`);
  }
  return appError('UPSTREAM_ERROR', { ...where, detail: code });
}

export function upstreamTimeout(target: UpstreamTarget, timeoutMs: number): ErrorInfo {
  return appError('UPSTREAM_TIMEOUT', {
    host: target.host,
    port: target.port,
    detail: `${timeoutMs} ms`,
  });
}
