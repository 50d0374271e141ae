// A port's behaviour, editable while it is open: new connections (UDP: new datagrams) get the
// new behaviour, existing ones keep theirs. Field problems are shown next to their field before
// anything is sent; the engine's refusals are shown under the form with their next step.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../../../shared/errors';
import type { ListenerInfo } from '../../../../../shared/model';
import { ErrorAlert } from '../../../components/error-alert';
import { useStore } from '../../../store/store';
import { draftFromConfig } from './behaviour-draft';
import { BehaviourFields } from './behaviour-fields';
import { useBehaviourForm } from './use-behaviour-form';

interface Props {
  readonly listener: ListenerInfo;
  /** The port number shown in the form's name. */
  readonly port: number;
  readonly id: string;
}

export function BehaviourEditor({ listener, port, id }: Props) {
  const formRef = useRef<HTMLFormElement>(null);
  const form = useBehaviourForm(
    () => draftFromConfig(listener.behaviour, listener.faults),
    formRef,
  );
  const setBehaviour = useStore((s) => s.setBehaviour);
  const [engineError, setEngineError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  // Opened from a port low in the list, the form would start below the fold.
  useEffect(() => {
    formRef.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setDone('');
    setEngineError(null);
    const checked = form.check(listener.protocol);
    if (!checked.ok) return;
    setBusy(true);
    const result = await setBehaviour(listener.id, checked.behaviour, checked.faults);
    setBusy(false);
    if (result.ok) setDone('Applied — new connections get it');
    else setEngineError(result.error);
  };

  return (
    <form
      id={id}
      ref={formRef}
      className="behaviour-form"
      aria-label={`Behaviour for port ${port}`}
      onSubmit={onSubmit}
      noValidate
    >
      <BehaviourFields
        kindLabel={`Behaviour of port ${port}`}
        draft={form.draft}
        errors={form.errors}
        protocol={listener.protocol}
        faultsWithCapture
        onChange={(next, field) => {
          form.change(next, field);
          setDone('');
          setEngineError(null);
        }}
      />
      <div className="behaviour-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
          Apply behaviour
        </button>
        <p className="behaviour-done" role="status">
          {done}
        </p>
      </div>
      {engineError ? <ErrorAlert error={engineError} /> : null}
    </form>
  );
}
