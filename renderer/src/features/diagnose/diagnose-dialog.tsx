// "Diagnose a connection": type a target, run, and see why a client can or cannot reach it —
// the verdict with its next step first, then each step with its result and time. Peer bytes
// arrive escaped from the engine and are rendered as text only, clipped.
import './diagnose.css';
import { useId, useRef, useState } from 'react';
import type { Diagnosis } from '../../../../shared/diagnosis/diagnosis';
import {
  MAX_DIAGNOSE_TARGET,
  MAX_EXPECT_PROCESS,
  type DiagnoseRequest,
} from '../../../../shared/diagnosis/diagnose-request';
import { describeVerdict } from '../../../../shared/diagnosis/describe-verdict';
import type { ErrorInfo } from '../../../../shared/errors';
import { useEngine } from '../../bridge/engine-context';
import { ErrorAlert } from '../../components/error-alert';
import { Modal } from '../../components/modal';
import { DiagnoseSteps } from './diagnose-steps';

interface Props {
  readonly initialTarget?: string;
  readonly onClose: () => void;
}

/** The scheme a URL target decides TLS by; null for host:port, where the checkbox decides. */
function urlScheme(target: string): 'http' | 'https' | null {
  const scheme = /^\s*(https?):\/\//i.exec(target)?.[1]?.toLowerCase();
  return scheme === 'http' || scheme === 'https' ? scheme : null;
}

type Outcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'done'; readonly diagnosis: Diagnosis }
  | { readonly kind: 'remote'; readonly error: ErrorInfo; readonly request: DiagnoseRequest }
  | { readonly kind: 'error'; readonly error: ErrorInfo };

export function DiagnoseDialog({ initialTarget = '', onClose }: Props) {
  const api = useEngine();
  const titleId = useId();
  const noteId = useId();
  const [target, setTarget] = useState(initialTarget);
  const [tls, setTls] = useState(false);
  const [expect, setExpect] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  /** Only the latest run's answer is shown, whatever order answers arrive in. */
  const runs = useRef(0);
  const scheme = urlScheme(target);

  const run = async (request: DiagnoseRequest) => {
    const id = ++runs.current;
    setBusy(true);
    setOutcome({ kind: 'none' });
    const result = await api.diagnoseConnection(request);
    if (id !== runs.current) return;
    setBusy(false);
    if (result.ok) setOutcome({ kind: 'done', diagnosis: result.value });
    else if (result.error.code === 'DIAGNOSE_TARGET_REMOTE') {
      setOutcome({ kind: 'remote', error: result.error, request });
    } else setOutcome({ kind: 'error', error: result.error });
  };

  const request = (text: string): DiagnoseRequest => ({
    target: text,
    ...(urlScheme(text) === null && tls ? { tls: true } : {}),
    ...(expect.trim() === '' ? {} : { expectProcess: expect.trim() }),
  });

  const retryWithTls =
    outcome.kind === 'done' &&
    outcome.diagnosis.verdict.kind === 'closed-without-answer' &&
    outcome.diagnosis.target.scheme === 'http';

  return (
    <Modal labelledBy={titleId} describedBy={noteId} className="diagnose-dialog" onClose={onClose}>
      <form
        className="diagnose-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(request(target));
        }}
      >
        <header className="modal-header">
          <h2 id={titleId} className="modal-title">
            Diagnose a connection
          </h2>
        </header>
        <p id={noteId} className="muted">
          Checks a target step by step — name, listener, connect, TLS, HTTP — with one connection
          per address, and says what is wrong.
        </p>
        <div className="diagnose-fields">
          <label className="diagnose-field diagnose-target">
            <span className="field-label">Target</span>
            <input
              className="input mono"
              value={target}
              placeholder="localhost:8080 or http://localhost:3000/health"
              maxLength={MAX_DIAGNOSE_TARGET}
              spellCheck={false}
              autoFocus
              onChange={(event) => setTarget(event.target.value)}
            />
          </label>
          <label className="diagnose-field diagnose-expect">
            <span className="field-label">
              Expected program <span className="field-optional">(optional)</span>
            </span>
            <input
              className="input mono"
              value={expect}
              placeholder="e.g. postgres"
              maxLength={MAX_EXPECT_PROCESS}
              spellCheck={false}
              onChange={(event) => setExpect(event.target.value)}
            />
          </label>
        </div>
        <div className="diagnose-row">
          <label
            className="diagnose-check"
            title={scheme === null ? undefined : 'The URL decides: https:// does a TLS handshake'}
          >
            <input
              type="checkbox"
              checked={scheme === null ? tls : scheme === 'https'}
              disabled={scheme !== null}
              onChange={(event) => setTls(event.target.checked)}
            />
            <span>TLS handshake</span>
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy || target.trim() === ''}>
            {busy ? 'Checking…' : 'Run'}
          </button>
        </div>
        <div className="diagnose-results" aria-live="polite" aria-busy={busy}>
          {outcome.kind === 'error' ? <ErrorAlert error={outcome.error} /> : null}
          {outcome.kind === 'remote' ? (
            <div className="error-box diagnose-remote" role="alert">
              <p className="error-box-message">{outcome.error.message}</p>
              <p className="error-box-hint">{outcome.error.hint}</p>
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy}
                onClick={() => void run({ ...outcome.request, allowRemote: true })}
              >
                Check {outcome.request.target.trim().slice(0, 80)} anyway
              </button>
            </div>
          ) : null}
          {outcome.kind === 'done' ? (
            <>
              <VerdictBox diagnosis={outcome.diagnosis} />
              {retryWithTls ? (
                <button
                  type="button"
                  className="btn btn-small diagnose-retry"
                  disabled={busy}
                  onClick={() => {
                    const https = target.trim().replace(/^http:/i, 'https:');
                    setTarget(https);
                    void run(request(https));
                  }}
                >
                  Check with https:// instead
                </button>
              ) : null}
              <DiagnoseSteps diagnosis={outcome.diagnosis} />
            </>
          ) : null}
        </div>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </Modal>
  );
}

function VerdictBox({ diagnosis }: { readonly diagnosis: Diagnosis }) {
  const words = describeVerdict(diagnosis.verdict);
  const headingId = useId();
  return (
    <section
      className={`diagnose-verdict is-${words.tone}`}
      aria-labelledby={headingId}
      data-verdict={diagnosis.verdict.kind}
    >
      <h3 id={headingId} className="diagnose-verdict-label">
        Verdict
      </h3>
      <p className="diagnose-verdict-title">{words.title}</p>
      {words.detail === '' ? null : <p className="diagnose-verdict-detail">{words.detail}</p>}
      <p className="diagnose-verdict-next">
        <strong>Next step:</strong> {words.next}
      </p>
      <p className="diagnose-verdict-time muted">Checked in {Math.round(diagnosis.totalMs)} ms</p>
    </section>
  );
}
