// Talk back: type bytes (text with escapes, or hex) and send them to the connected client or
// UDP peer. Ctrl+Enter (⌘+Enter) sends from the message field. What was sent appears in the
// conversation above as "port → client", recorded like any other outbound bytes.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ConnectionInfo } from '../../../../shared/model';
import { useEngine } from '../../bridge/engine-context';
import { ErrorAlert } from '../../components/error-alert';
import type { PayloadDraft } from '../../components/payload-field/payload-draft';
import { PayloadField } from '../../components/payload-field/payload-field';
import { payloadStatus } from '../../components/payload-field/payload-status';
import { formatCount } from '../../../../shared/format-bytes';

type Outcome =
  | { readonly kind: 'sent'; readonly bytes: number }
  | { readonly kind: 'error'; readonly error: ErrorInfo };

export function SendComposer({ c }: { readonly c: ConnectionInfo }) {
  const hintId = useId();
  const engine = useEngine();
  const [draft, setDraft] = useState<PayloadDraft>({ format: 'text', value: '' });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const status = payloadStatus(draft);
  const sendable = status.ok && status.bytes > 0;

  const send = async () => {
    if (busy || !sendable) return;
    setBusy(true);
    setOutcome(null);
    // The composer shows the outcome itself, so it calls the engine directly.
    const result = await engine.sendData({
      connectionId: c.id,
      data: { format: draft.format, value: draft.value },
    });
    setBusy(false);
    // The message stays, so the same bytes can be sent again or edited.
    setOutcome(
      result.ok
        ? { kind: 'sent', bytes: result.value.bytes }
        : { kind: 'error', error: result.error },
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  const peer = c.protocol === 'udp' ? 'peer' : 'client';
  return (
    <section className="composer" aria-label="Send to client">
      <form className="composer-form" onSubmit={onSubmit} noValidate>
        <PayloadField
          label="Message"
          className="composer-field"
          rows={2}
          placeholder={`Bytes to send to the ${peer}, e.g. hello\\r\\n`}
          value={draft}
          onChange={(next) => {
            setDraft(next);
            if (outcome?.kind === 'error') setOutcome(null);
          }}
          onKeyDown={onKeyDown}
        />
        <div className="composer-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !sendable}
            aria-describedby={hintId}
          >
            Send
          </button>
          <span id={hintId} className="composer-hint">
            Ctrl+Enter
          </span>
          <p className="composer-result" role="status">
            {outcome?.kind === 'sent'
              ? `Sent ${formatCount(outcome.bytes)} ${outcome.bytes === 1 ? 'byte' : 'bytes'}`
              : ''}
          </p>
        </div>
      </form>
      {outcome?.kind === 'error' ? <ErrorAlert error={outcome.error} /> : null}
    </section>
  );
}
