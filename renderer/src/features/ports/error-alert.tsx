import type { ErrorInfo } from '../../../../shared/errors';
import { PortHolders } from './port-holders';

interface Props {
  readonly error: ErrorInfo;
  /** Offered when the error names a free port (PORT_IN_USE): open there instead. */
  readonly onUsePort?: ((port: number) => void) | undefined;
}

/** An error with its next step, announced to assistive technology. */
export function ErrorAlert({ error, onUsePort }: Props) {
  const next = error.nextFreePort;
  return (
    <div className="error-box" role="alert">
      <p className="error-box-message">{error.message}</p>
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
