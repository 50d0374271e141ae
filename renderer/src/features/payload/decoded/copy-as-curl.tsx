// "Copy as curl" on a decoded HTTP request. The head is read back from the engine as raw bytes
// (the decoded fields are display text: escaped, and cut at 4 KiB), the body is the decoded one
// the view already holds. A body that cannot go inline is saved as a download the command names.
// Everything shown is text nodes or a textarea's value: captured bytes are never markup.
import { useEffect, useRef, useState } from 'react';
import type { PortholeApi } from '../../../../../shared/contract';
import {
  buildCurlCommand,
  requestHeadRange,
  type CurlCommand,
  type CurlOutcome,
} from '../../../../../shared/decoders/curl-command';
import type { DecodedMessage } from '../../../../../shared/decoders/types';
import { useEngine } from '../../../bridge/engine-context';
import { decodeBase64 } from '../../../lib/base64';

type Step =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'copied'; readonly value: CurlCommand }
  /** The clipboard refused: the command is shown to copy by hand. */
  | { readonly kind: 'manual'; readonly value: CurlCommand }
  /** The body is incomplete: the command without it waits for the user's word. */
  | { readonly kind: 'omitted'; readonly value: CurlCommand }
  | { readonly kind: 'failed'; readonly reason: string };

const STATUS: Readonly<Record<Step['kind'], string>> = {
  idle: '',
  busy: 'Preparing…',
  copied: 'Copied',
  manual: 'Not copied: the clipboard refused',
  omitted: 'Body incomplete',
  failed: 'Not copied',
};

async function prepare(
  engine: PortholeApi,
  connectionId: number,
  message: DecodedMessage,
): Promise<CurlOutcome> {
  const connection = await engine.getConnection({ id: connectionId });
  if (!connection.ok) return { ok: false, reason: connection.error.message };
  const range = requestHeadRange(message);
  const read = await engine.readPayload({ connectionId, ...range });
  if (!read.ok) return { ok: false, reason: `${read.error.message} ${read.error.hint}` };
  const head = decodeBase64(read.value.data);
  if (read.value.offset !== range.offset || head.length !== range.length) {
    return { ok: false, reason: 'The request head is no longer in the capture.' };
  }
  return buildCurlCommand({
    head,
    body: message.body,
    connectionId,
    requestNumber: (message.exchange ?? 0) + 1,
    local: { address: connection.value.localAddress, port: connection.value.localPort },
  });
}

/** Saves bytes the way a browser downloads anything: a Blob URL on a link with `download`. */
function saveBytes(fileName: string, bytes: Uint8Array): void {
  // A copy: Blob wants an ArrayBuffer-backed view, and the decoded body must stay as it is.
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its copy once the click is handled; the URL only holds memory now.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

function Details({ value }: { readonly value: CurlCommand }) {
  const file = value.bodyFile;
  if (!file && value.notes.length === 0 && !value.bodyOmitted) return null;
  return (
    <p className="dec-note">
      {value.bodyOmitted ? 'Copied without the body. ' : ''}
      {file
        ? `The body was saved as ${file.name}: run the command in the folder that holds it. `
        : ''}
      {value.notes.join(' ')}
    </p>
  );
}

function ManualCopy({ value }: { readonly value: CurlCommand }) {
  const area = useRef<HTMLTextAreaElement>(null);
  // Focused and selected at once, so Ctrl+C (or ⌘C) is all that is left to do.
  useEffect(() => {
    area.current?.focus();
    area.current?.select();
  }, []);
  return (
    <>
      <p className="dec-note">The clipboard is not available: copy the command from here.</p>
      <textarea
        ref={area}
        className="dec-curl-command"
        aria-label="curl command"
        readOnly
        spellCheck={false}
        rows={Math.min(12, value.command.split('\n').length)}
        value={value.command}
        onFocus={(event) => event.currentTarget.select()}
      />
      <Details value={value} />
    </>
  );
}

interface Props {
  readonly connectionId: number;
  readonly message: DecodedMessage;
}

/** The button, its live status, and (when there is more to say) a panel on its own line. */
export function CopyAsCurl({ connectionId, message }: Props) {
  const engine = useEngine();
  const [step, setStep] = useState<Step>({ kind: 'idle' });

  const deliver = async (value: CurlCommand) => {
    if (value.bodyFile) saveBytes(value.bodyFile.name, value.bodyFile.bytes);
    try {
      await navigator.clipboard.writeText(value.command);
      setStep({ kind: 'copied', value });
    } catch {
      // Denied, no focus, or no clipboard at all (an insecure context): copy by hand instead.
      setStep({ kind: 'manual', value });
    }
  };

  const start = async () => {
    // Not `disabled` while busy: that would drop keyboard focus from the button.
    if (step.kind === 'busy') return;
    setStep({ kind: 'busy' });
    try {
      const outcome = await prepare(engine, connectionId, message);
      if (!outcome.ok) setStep({ kind: 'failed', reason: outcome.reason });
      else if (outcome.value.bodyOmitted) setStep({ kind: 'omitted', value: outcome.value });
      else await deliver(outcome.value);
    } catch (error) {
      setStep({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  };

  let panel = null;
  if (step.kind === 'copied') panel = <Details value={step.value} />;
  else if (step.kind === 'manual') panel = <ManualCopy value={step.value} />;
  else if (step.kind === 'failed') {
    panel = (
      <p className="dec-note dec-error" role="alert">
        {step.reason}
      </p>
    );
  } else if (step.kind === 'omitted') {
    panel = (
      <p className="dec-note">
        {step.value.bodyOmitted}{' '}
        <button type="button" className="dec-link" onClick={() => void deliver(step.value)}>
          Copy without body
        </button>
      </p>
    );
  }
  const status =
    step.kind === 'copied' && step.value.bodyOmitted ? 'Copied without body' : STATUS[step.kind];
  return (
    <>
      <button type="button" className="btn btn-small dec-curl" onClick={() => void start()}>
        Copy as curl
      </button>
      <span className="dec-curl-status" role="status">
        {status}
      </span>
      {panel ? <div className="dec-curl-panel">{panel}</div> : null}
    </>
  );
}
