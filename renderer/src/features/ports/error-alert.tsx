import type { ErrorInfo } from '../../../../shared/errors';

/** An error with its next step, announced to assistive technology. */
export function ErrorAlert({ error }: { readonly error: ErrorInfo }) {
  return (
    <div className="error-box" role="alert">
      <p className="error-box-message">{error.message}</p>
      <p className="error-box-hint">{error.hint}</p>
    </div>
  );
}
