// Where an openListener error belongs. Bind failures leave a "failed" listener behind, and the
// error is shown inside that port's item; errors that created no listener (an invalid port, a
// lost engine) stay under the form.
import type { ErrorCode, ErrorInfo } from '../../../../shared/errors';
import type { ListenHost, Protocol } from '../../../../shared/model';
import type { PortholeState } from '../../store/store-types';

export interface FormError {
  readonly error: ErrorInfo;
  readonly protocol: Protocol;
  readonly host: ListenHost;
  readonly port: number;
}

/** Codes that come with a failed listener; the form waits briefly for its snapshot. */
const LISTENER_CODES: readonly ErrorCode[] = [
  'PORT_IN_USE',
  'PORT_PRIVILEGED',
  'ADDRESS_UNAVAILABLE',
  'INTERNAL',
];

/** How long a bind error waits for its failed listener before the form shows it itself. */
export const LISTENER_GRACE_MS = 600;

export function expectsFailedListener(error: ErrorInfo): boolean {
  return LISTENER_CODES.includes(error.code);
}

export function isShownInPortItem(state: PortholeState, formError: FormError | null): boolean {
  if (formError === null) return false;
  for (const id of state.listenerOrder) {
    const l = state.listeners[id];
    if (
      l &&
      l.state === 'failed' &&
      l.protocol === formError.protocol &&
      l.host === formError.host &&
      (l.requestedPort === formError.port || l.port === formError.port) &&
      l.error?.code === formError.error.code
    ) {
      return true;
    }
  }
  return false;
}
