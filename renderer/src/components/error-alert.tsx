// An error with its next step, announced to assistive technology and named by its message, so
// a port's item, a form or the composer can each show one where the user is looking.
import './error-alert.css';
import { useId } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { PortHolders } from './port-holders';

interface Props {
  readonly error: ErrorInfo;
  /** Offered when the error names a free port (PORT_IN_USE): open there instead. */
  readonly onUsePort?: ((port: number) => void) | undefined;
}

export function ErrorAlert({ error, onUsePort }: Props) {
  const messageId = useId();
  const next = error.nextFreePort;
  return (
    <div className="error-box" role="alert" aria-labelledby={messageId}>
      <p id={messageId} className="error-box-message">
        {error.message}
      </p>
      <p className="error-box-hint">{error.hint}</p>
      {error.holders && error.holders.length > 0 ? <PortHolders holders={error.holders} /> : null}
      {next !== undefined && onUsePort ? (
        <button
          type="button"
          className="btn btn-small error-box-action"
          onClick={() => onUsePort(next)}
        >
          Use port {next} instead
        </button>
      ) : null}
    </div>
  );
}
