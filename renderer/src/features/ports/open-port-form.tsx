import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { appError } from '../../../../shared/errors';
import { DEFAULT_LISTEN_HOST, isExposedHost, type ListenHost } from '../../../../shared/model';
import { openPort, suggestPort } from '../../store/actions';
import { useStore } from '../../store/store';
import { ErrorAlert } from './error-alert';
import {
  expectsFailedListener,
  isShownInPortItem,
  LISTENER_GRACE_MS,
  type FormError,
} from './form-error';
import { HOST_OPTIONS } from './host-options';

export function OpenPortForm() {
  const portId = useId();
  const hostId = useId();
  const warningId = useId();
  const [portText, setPortText] = useState('');
  const [badInput, setBadInput] = useState(false);
  const [host, setHost] = useState<ListenHost>(DEFAULT_LISTEN_HOST);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [graceOver, setGraceOver] = useState(false);
  const shownInItem = useStore((s) => isShownInPortItem(s, formError));

  const onPortChange = (event: ChangeEvent<HTMLInputElement>) => {
    setPortText(event.target.value);
    setFormError(null);
    // A number field reports "" for text it cannot parse; validity tells the two apart.
    setBadInput(event.target.validity.badInput);
  };

  const onSuggest = async () => {
    const port = await suggestPort();
    if (port !== null) {
      setPortText(String(port));
      setBadInput(false);
      setFormError(null);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    // Empty means "any free port" (0), as the INVALID_PORT hint tells users.
    const port = portText.trim() === '' ? 0 : Number(portText);
    setFormError(null);
    if (badInput || Number.isNaN(port)) {
      setGraceOver(true);
      setFormError({ error: appError('INVALID_PORT'), host, port: -1 });
      return;
    }
    setBusy(true);
    const result = await openPort(host, port);
    setBusy(false);
    if (result.ok) {
      setPortText('');
      return;
    }
    const waits = expectsFailedListener(result.error);
    setGraceOver(!waits);
    setFormError({ error: result.error, host, port });
    if (waits) window.setTimeout(() => setGraceOver(true), LISTENER_GRACE_MS);
  };

  const exposed = isExposedHost(host);
  return (
    <form className="open-port" aria-label="Open a port" onSubmit={onSubmit} noValidate>
      <h2 className="panel-title">Open a port</h2>
      <div className="field">
        <label className="field-label" htmlFor={portId}>
          Port
        </label>
        <div className="port-input-row">
          <input
            id={portId}
            className="input mono"
            type="number"
            inputMode="numeric"
            min={0}
            max={65535}
            step={1}
            placeholder="any free port"
            value={portText}
            onChange={onPortChange}
          />
          <button type="button" className="btn" onClick={onSuggest}>
            Suggest a free port
          </button>
        </div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={hostId}>
          Host
        </label>
        <select
          id={hostId}
          className="select mono"
          value={host}
          aria-describedby={exposed ? warningId : undefined}
          onChange={(event) => setHost(event.target.value as ListenHost)}
        >
          {HOST_OPTIONS.map((option) => (
            <option key={option.host} value={option.host}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {exposed ? (
        <p id={warningId} className="warning-note">
          <strong>Reachable from other machines.</strong> {host} accepts connections on every
          network interface. Use 127.0.0.1 or ::1 unless another device must connect.
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary open-port-submit" disabled={busy}>
        Open port
      </button>
      {formError && graceOver && !shownInItem ? <ErrorAlert error={formError.error} /> : null}
    </form>
  );
}
