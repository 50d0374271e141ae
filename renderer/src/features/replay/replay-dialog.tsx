// "Replay": send a connection's client side again — to its own port, another Porthole port or
// any address — as fast as possible, with the recorded pacing, or taking turns with the answers,
// optionally edited first. The replay becomes a new connection ("replay of #12") and is selected.
import './replay.css';
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ErrorInfo } from '../../../../shared/errors';
import { formatBytes, formatCount } from '../../../../shared/format-bytes';
import type { ConnectionInfo } from '../../../../shared/model';
import { parsePayloadSpec } from '../../../../shared/payload-spec';
import {
  PACING_LABELS,
  REPLAY_PACINGS,
  REPLAY_SPEEDS,
  type ReplayPacing,
  type ReplaySpeed,
} from '../../../../shared/replay';
import { useEngine } from '../../bridge/engine-context';
import { ErrorAlert } from '../../components/error-alert';
import { Modal } from '../../components/modal';
import type { PayloadDraft } from '../../components/payload-field/payload-draft';
import { PayloadField } from '../../components/payload-field/payload-field';
import { formatHostPort } from '../../lib/format-address';
import { useStore } from '../../store/store';
import { editLimitReason, loadWrites } from './load-writes';
import {
  recordedSummary,
  replayablePorts,
  replayRequest,
  type TargetChoice,
} from './replay-choices';

type Edits =
  | { readonly kind: 'off' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'on'; readonly drafts: PayloadDraft[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

interface Props {
  readonly connection: ConnectionInfo;
  readonly onClose: () => void;
}

export function ReplayDialog({ connection: c, onClose }: Props) {
  const api = useEngine();
  const titleId = useId();
  const noteId = useId();
  const name = useId();
  const replay = useStore((s) => s.replayConnection);
  const listeners = useStore(useShallow((s) => s.listenerOrder.map((id) => s.listeners[id])));
  const ports = replayablePorts(
    c,
    listeners.filter((l) => l !== undefined),
  );
  const [target, setTarget] = useState<TargetChoice>('same-port');
  const [listenerId, setListenerId] = useState<string | null>(ports[0]?.id ?? null);
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState('');
  const [pacing, setPacing] = useState<ReplayPacing>('fast');
  const [speed, setSpeed] = useState<ReplaySpeed>(1);
  const [edits, setEdits] = useState<Edits>({ kind: 'off' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  /** The engine said the target is not this machine: the next submit confirms it. */
  const [remote, setRemote] = useState<ErrorInfo | null>(null);
  const recorded = recordedSummary(c);
  const limit = editLimitReason(c);

  const toggleEdits = async (on: boolean) => {
    if (!on) {
      setEdits({ kind: 'off' });
      return;
    }
    setEdits({ kind: 'loading' });
    const loaded = await loadWrites(api, c);
    if (loaded.kind === 'loaded') setEdits({ kind: 'on', drafts: loaded.drafts });
    else if (loaded.kind === 'too-big') setEdits({ kind: 'unavailable', reason: loaded.reason });
    else setEdits({ kind: 'unavailable', reason: loaded.error.message });
  };

  const submit = async (allowRemote: boolean) => {
    setProblem(null);
    setError(null);
    let writes = null;
    if (edits.kind === 'on') {
      const bad = edits.drafts.findIndex((d) => !parsePayloadSpec(d).ok);
      if (bad >= 0) {
        setProblem(`Write ${bad + 1} does not parse; fix it or switch editing off.`);
        return;
      }
      writes = edits.drafts;
    }
    const built = replayRequest(
      c,
      { target, listenerId, host, port, pacing, speed, writes, allowRemote },
      ports,
    );
    if (!built.ok) {
      setProblem(built.problem);
      return;
    }
    setBusy(true);
    const result = await replay(built.request);
    setBusy(false);
    if (result.ok) {
      onClose();
      return;
    }
    if (result.error.code === 'REPLAY_TARGET_REMOTE') setRemote(result.error);
    else setError(result.error);
  };

  const samePort = formatHostPort(c.localAddress, c.localPort);
  return (
    <Modal labelledBy={titleId} describedBy={noteId} className="replay-dialog" onClose={onClose}>
      <form
        className="replay-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(false);
        }}
      >
        <header className="modal-header">
          <h2 id={titleId} className="modal-title">
            Replay connection #{c.id}
          </h2>
        </header>
        <p id={noteId} className="muted">
          Sends what its {c.protocol === 'udp' ? 'peer' : 'client'} sent —{' '}
          {formatCount(recorded.writes)} {recorded.writes === 1 ? 'write' : 'writes'},{' '}
          {formatBytes(recorded.bytes)} — again, and records the answer as a new connection.
        </p>
        <fieldset className="replay-group">
          <legend>Send to</legend>
          <label className="replay-option">
            <input
              type="radio"
              name={`${name}-target`}
              checked={target === 'same-port'}
              onChange={() => setTarget('same-port')}
            />
            <span>
              Its port <span className="mono">{samePort}</span>
            </span>
          </label>
          <label className="replay-option">
            <input
              type="radio"
              name={`${name}-target`}
              checked={target === 'porthole-port'}
              disabled={ports.length === 0}
              onChange={() => setTarget('porthole-port')}
            />
            <span>Another Porthole port</span>
            <select
              className="select"
              aria-label="Porthole port"
              value={listenerId ?? ''}
              disabled={ports.length === 0}
              onChange={(event) => {
                setListenerId(event.target.value);
                setTarget('porthole-port');
              }}
            >
              {ports.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.protocol.toUpperCase()} {formatHostPort(l.host, l.port)} · {l.behaviour.kind}
                </option>
              ))}
            </select>
          </label>
          <div className="replay-option">
            <label className="replay-option-inline">
              <input
                type="radio"
                name={`${name}-target`}
                checked={target === 'address'}
                onChange={() => setTarget('address')}
              />
              <span>Address</span>
            </label>
            <input
              className="input replay-host mono"
              aria-label="Target host"
              value={host}
              onChange={(event) => {
                setHost(event.target.value);
                setTarget('address');
                setRemote(null);
              }}
            />
            <input
              className="input replay-port mono"
              aria-label="Target port"
              inputMode="numeric"
              placeholder="port"
              value={port}
              onChange={(event) => {
                setPort(event.target.value);
                setTarget('address');
                setRemote(null);
              }}
            />
          </div>
        </fieldset>
        <fieldset className="replay-group replay-pacing">
          <legend>Pacing</legend>
          <select
            className="select"
            aria-label="Pacing"
            value={pacing}
            onChange={(event) => setPacing(event.target.value as ReplayPacing)}
          >
            {REPLAY_PACINGS.map((p) => (
              <option key={p} value={p}>
                {PACING_LABELS[p]}
              </option>
            ))}
          </select>
          {pacing === 'original' ? (
            <select
              className="select"
              aria-label="Speed"
              value={speed}
              onChange={(event) => setSpeed(Number(event.target.value) as ReplaySpeed)}
            >
              {REPLAY_SPEEDS.map((s) => (
                <option key={s} value={s}>
                  ×{s}
                </option>
              ))}
            </select>
          ) : null}
        </fieldset>
        <fieldset className="replay-group">
          <legend>Bytes</legend>
          <label className="replay-option" title={limit ?? undefined}>
            <input
              type="checkbox"
              checked={edits.kind === 'on' || edits.kind === 'loading'}
              disabled={limit !== null}
              onChange={(event) => void toggleEdits(event.target.checked)}
            />
            <span>Edit the writes before sending</span>
          </label>
          {limit !== null ? <p className="muted replay-note">{limit}</p> : null}
          {edits.kind === 'unavailable' ? (
            <p className="muted replay-note">{edits.reason}</p>
          ) : null}
          {edits.kind === 'loading' ? <p className="muted replay-note">Loading…</p> : null}
          {edits.kind === 'on' ? (
            <ol className="replay-writes">
              {edits.drafts.map((draft, i) => (
                <li key={i}>
                  <PayloadField
                    label={`Write ${i + 1} of ${edits.drafts.length}`}
                    value={draft}
                    rows={Math.min(6, Math.max(1, draft.value.split('\n').length))}
                    onChange={(next) =>
                      setEdits({
                        kind: 'on',
                        drafts: edits.drafts.map((d, j) => (j === i ? next : d)),
                      })
                    }
                  />
                </li>
              ))}
            </ol>
          ) : null}
        </fieldset>
        {problem !== null ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        {error !== null ? <ErrorAlert error={error} /> : null}
        {remote !== null ? (
          <div className="error-box replay-remote" role="alert">
            <p className="error-box-message">{remote.message}</p>
            <p className="error-box-hint">{remote.hint}</p>
            <button
              type="button"
              className="btn btn-danger"
              disabled={busy}
              onClick={() => void submit(true)}
            >
              Send to {host.trim()} anyway
            </button>
          </div>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Starting…' : 'Replay'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
