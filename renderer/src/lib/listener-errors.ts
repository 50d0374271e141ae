// Which command errors the engine also leaves on the listener it was about: a bind that fails
// marks the listener 'failed' with that error, and the next batch carries the snapshot. The
// port's item shows it from there, so whoever issued the command does not show it again.
import type { ErrorCode, ErrorInfo } from '../../../shared/errors';

const BIND_FAILURE_CODES: readonly ErrorCode[] = [
  'PORT_IN_USE',
  'PORT_PRIVILEGED',
  'ADDRESS_UNAVAILABLE',
  'TOO_MANY_OPEN_FILES',
  'SOCKET_ERROR',
  'SOCKET_TIMEOUT',
  'INTERNAL',
];

export function leavesFailedListener(error: ErrorInfo): boolean {
  return BIND_FAILURE_CODES.includes(error.code);
}
