// A socket failure reported by the operating system, as an error a person can act on. Network and
// OS failures are not Porthole bugs, so they get codes of their own (SOCKET_ERROR with the errno,
// SOCKET_TIMEOUT, TOO_MANY_OPEN_FILES); INTERNAL stays for errors without an errno, which can
// only come from Porthole's own code.

import { appError, type ErrorInfo } from '../../shared/errors';
import { describeErrno, errnoCode } from './errno';
import { openFilesLimit } from './open-files-limit';

/** Out of file descriptors: the process (EMFILE) or the whole system (ENFILE). */
const OUT_OF_FILES = new Set(['EMFILE', 'ENFILE']);

/** `subject` names what failed as a person would: "port localhost:8080", "connection #12". */
export function socketError(error: unknown, subject: string): ErrorInfo {
  const code = errnoCode(error);
  if (code === null) {
    const detail = error instanceof Error ? error.message : String(error);
    return appError('INTERNAL', { detail: `${subject}: ${detail}` });
  }
  return errnoError(code, subject);
}

/** Every descriptor is in use (see tookLastDescriptor): new clients are being turned away. */
export function outOfDescriptors(subject: string): ErrorInfo {
  const limit = openFilesLimit();
  const detail =
    limit === null ? undefined : `its limit of ${limit.toLocaleString('en')} is reached`;
  return appError('TOO_MANY_OPEN_FILES', { subject, ...(detail ? { detail } : {}) });
}

/** The same, from an errno code already taken off the error. */
export function errnoError(code: string, subject: string): ErrorInfo {
  if (OUT_OF_FILES.has(code)) {
    const limit = code === 'EMFILE' ? openFilesLimit() : null;
    const detail =
      limit === null
        ? describeErrno(code)
        : `its limit is ${limit.toLocaleString('en')} open files, ${code}`;
    return appError('TOO_MANY_OPEN_FILES', { subject, detail });
  }
  if (code === 'ETIMEDOUT') return appError('SOCKET_TIMEOUT', { subject, detail: code });
  return appError('SOCKET_ERROR', { subject, detail: describeErrno(code) });
}
