// Where an openListener error belongs. Bind failures leave a "failed" listener behind, and the
// error is shown inside that port's item; errors that created no listener (an invalid port, a
// lost engine) stay under the form.
import type { ErrorInfo } from '../../../../shared/errors';
import type { ListenHost, Protocol } from '../../../../shared/model';
import type { PortholeState } from '../../store/porthole-state';

export interface FormError {
  readonly error: ErrorInfo;
  readonly protocol: Protocol;
  readonly host: ListenHost;
  readonly port: number;
}

/**
 * How long a bind error (lib/listener-errors.ts) waits for its failed listener's snapshot
 * before the form shows it itself.
 */
export const LISTENER_GRACE_MS = 600;

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
