// Open a TCP or UDP port on a chosen host, already answering in a chosen way if wanted. Its
// title folds it away (remembered with the layout) for more room for the ports below; its
// submit button stays at the foot of its scroll region however many fields are shown.
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { appError } from '../../../../shared/errors';
import {
  DEFAULT_LISTEN_HOST,
  isExposedHost,
  type ListenHost,
  type Protocol,
} from '../../../../shared/model';
import { useEngine } from '../../bridge/engine-context';
import { ErrorAlert } from '../../components/error-alert';
import { leavesFailedListener } from '../../lib/listener-errors';
import { commandProps } from '../../lib/shortcut-hint';
import { useStore } from '../../store/store';
import { revealPort } from './port-focus';
import { DEFAULT_DRAFT } from './behaviour/behaviour-draft';
import { BehaviourFields } from './behaviour/behaviour-fields';
import { useBehaviourForm } from './behaviour/use-behaviour-form';
import { isShownInPortItem, LISTENER_GRACE_MS, type FormError } from './form-error';
import { HOST_OPTIONS } from './host-options';

export function OpenPortForm() {
  const portId = useId();
  const hostId = useId();
  const protocolId = useId();
  const warningId = useId();
  const bodyId = useId();
  const formOpen = useStore((s) => s.layout.portFormOpen);
  const setFormOpen = useStore((s) => s.setPortFormOpen);
  const formRef = useRef<HTMLFormElement>(null);
  const behaviour = useBehaviourForm(() => DEFAULT_DRAFT, formRef);
  const [portText, setPortText] = useState('');
  const [badInput, setBadInput] = useState(false);
  const [protocol, setProtocol] = useState<Protocol>('tcp');
  const [host, setHost] = useState<ListenHost>(DEFAULT_LISTEN_HOST);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [graceOver, setGraceOver] = useState(false);
  /** The port the form's behaviour was last used for: the next port gets it too, visibly. */
  const [keptFrom, setKeptFrom] = useState<number | null>(null);
  const shownInItem = useStore((s) => isShownInPortItem(s, formError));
  const openPort = useStore((s) => s.openPort);
  const reportError = useStore((s) => s.reportError);
  const engine = useEngine();

  // Once the failed port's item shows the error, it is the item's: the form forgets it (during
  // render, React's way to adjust state to a change), or it would surface here, stale, as soon
  // as the item is retried on another port or closed.
  if (shownInItem && formError !== null) setFormError(null);

  const onPortChange = (event: ChangeEvent<HTMLInputElement>) => {
    setPortText(event.target.value);
    setFormError(null);
    // A number field reports "" for text it cannot parse; validity tells the two apart.
    setBadInput(event.target.validity.badInput);
  };

  const onSuggest = async () => {
    // A free port for this protocol on every address the host binds.
    const result = await engine.suggestPort({ protocol, host });
    if (!result.ok) {
      reportError('Could not find a free port', result.error);
      return;
    }
    setPortText(String(result.value.port));
    setBadInput(false);
    setFormError(null);
  };

  const open = async (port: number) => {
    if (busy) return;
    setFormError(null);
    const checked = behaviour.check(protocol);
    if (!checked.ok) return;
    setBusy(true);
    const result = await openPort({
      protocol,
      host,
      port,
      behaviour: checked.behaviour,
      faults: checked.faults,
    });
    setBusy(false);
    if (result.ok) {
      setPortText('');
      setKeptFrom(checked.behaviour.kind === 'capture' ? null : result.value.port);
      revealPort(result.value.id);
      return;
    }
    const waits = leavesFailedListener(result.error);
    setGraceOver(!waits);
    setFormError({ error: result.error, protocol, host, port });
    if (waits) window.setTimeout(() => setGraceOver(true), LISTENER_GRACE_MS);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // Empty means "any free port" (0), as the INVALID_PORT hint tells users.
    const port = portText.trim() === '' ? 0 : Number(portText);
    if (badInput || Number.isNaN(port)) {
      setGraceOver(true);
      setFormError({ error: appError('INVALID_PORT'), protocol, host, port: -1 });
      return;
    }
    void open(port);
  };

  const onUsePort = (port: number) => {
    setPortText(String(port));
    setBadInput(false);
    void open(port);
  };

  const exposed = isExposedHost(host);
  return (
    <form
      ref={formRef}
      className="open-port"
      aria-label="Open a port"
      onSubmit={onSubmit}
      noValidate
    >
      <h2 className="panel-title open-port-title">
        <button
          type="button"
          className="open-port-toggle"
          aria-expanded={formOpen}
          aria-controls={bodyId}
          onClick={() => setFormOpen(!formOpen)}
        >
          <span className="chevron" aria-hidden="true" />
          Open a port
        </button>
      </h2>
      <div className="open-port-body" id={bodyId} hidden={!formOpen}>
        <div className="field-row">
          <div className="field field-narrow">
            <label className="field-label" htmlFor={protocolId}>
              Protocol
            </label>
            <select
              id={protocolId}
              className="select"
              value={protocol}
              onChange={(event) => {
                setProtocol(event.target.value as Protocol);
                setFormError(null);
              }}
            >
              <option value="tcp">TCP</option>
              <option value="udp">UDP</option>
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={hostId}>
              Host
            </label>
            <select
              id={hostId}
              className="select host-select"
              value={host}
              aria-describedby={exposed ? warningId : undefined}
              onChange={(event) => {
                setHost(event.target.value as ListenHost);
                setFormError(null);
              }}
            >
              {HOST_OPTIONS.map((option) => (
                <option key={option.host} value={option.host}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {exposed ? (
          <p id={warningId} className="warning-note">
            <strong>Reachable from other machines.</strong> {host} accepts connections on every
            network interface. Use localhost unless another device must connect.
          </p>
        ) : null}
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
              {...commandProps('open-port')}
              value={portText}
              onChange={onPortChange}
            />
            <button type="button" className="btn" onClick={onSuggest}>
              Suggest a free port
            </button>
          </div>
        </div>
        <BehaviourFields
          draft={behaviour.draft}
          errors={behaviour.errors}
          protocol={protocol}
          faultsWithCapture={false}
          onChange={(next, field) => {
            behaviour.change(next, field);
            setFormError(null);
            setKeptFrom(null);
          }}
        />
        {keptFrom !== null ? (
          <p className="field-hint open-port-kept" role="note">
            Kept from port {keptFrom}: the next port gets the same behaviour.
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary open-port-submit" disabled={busy}>
          Open port
        </button>
        {formError && graceOver && !shownInItem ? (
          <ErrorAlert error={formError.error} onUsePort={onUsePort} />
        ) : null}
      </div>
    </form>
  );
}
