// Compare two connections (an original and its replay, say): per direction, where they first
// differ, each change with both sides' bytes, and — for HTTP, Redis and the other decoded
// protocols — message by message. The work runs in the engine, next to the bytes (a worker
// thread there); the first differences show first.
// Captured bytes are shown as text (escaped) or hex, never as markup.
import './compare.css';
import { memo, useId, useState } from 'react';
import { MAX_COMPARE_BYTES } from '../../../../shared/compare/compare-page';
import { describeDifference, describePair } from '../../../../shared/compare/describe';
import type { DirectionComparison } from '../../../../shared/compare/message-types';
import { formatCount } from '../../../../shared/format-bytes';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import { Modal } from '../../components/modal';
import { useStore } from '../../store/store';
import { defaultPartner } from './compare-partner';
import type { ShownHunk } from './shown-change';
import { useCompare, type DirectionResult } from './use-compare';

const DIRECTION_NAME: Record<Direction, string> = {
  in: 'Client → port',
  out: 'Port → client',
};

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

function Summary({ result }: { readonly result: DirectionResult }) {
  if (result.first === undefined) return <p className="muted">Comparing…</p>;
  if (result.first === null) return <p className="compare-same">Identical.</p>;
  const s = result.stats;
  return (
    <div className="compare-summary">
      <p>
        First difference at byte{' '}
        <strong className="mono">{formatCount(result.first.offset)}</strong>
      </p>
      <div className="compare-context mono">
        <span className="compare-side-a">A: {result.first.aText}</span>
        <span className="compare-side-b">B: {result.first.bText}</span>
      </div>
      {s !== null ? (
        <p>
          {plural(s.hunks, 'change')}: {plural(s.inserted, 'byte')} inserted,{' '}
          {plural(s.deleted, 'byte')} deleted, {plural(s.changedA, 'byte')} replaced by{' '}
          {formatCount(s.changedB)}
          {result.granularity === 'lines' ? ' (compared by lines)' : ' (compared byte by byte)'}
          {result.approximate ? '; a shorter set of changes may exist' : ''}
          {result.done ? '' : ' — still comparing…'}
        </p>
      ) : null}
    </div>
  );
}

// Memoised: each answer appends changes, and those already listed need not render again.
const HunkItem = memo(function HunkItem({ h }: { readonly h: ShownHunk }) {
  const where =
    h.aLine !== null ? `line ${h.aLine} → ${h.bLine ?? ''}` : `byte ${formatCount(h.aStart)}`;
  const what =
    h.kind === 'insert'
      ? `${plural(h.bLength, 'byte')} inserted`
      : h.kind === 'delete'
        ? `${plural(h.aLength, 'byte')} deleted`
        : `${plural(h.aLength, 'byte')} replaced by ${formatCount(h.bLength)}`;
  return (
    <li className="compare-hunk">
      <p className="compare-hunk-title">
        <span className="mono">{where}</span> · {what}
        {h.cut ? <span className="muted"> (excerpt)</span> : null}
      </p>
      {h.aLength > 0 ? <pre className="compare-side-a">− {h.aText}</pre> : null}
      {h.bLength > 0 ? <pre className="compare-side-b">+ {h.bText}</pre> : null}
    </li>
  );
});

function Messages({ comparison }: { readonly comparison: DirectionComparison }) {
  const pairs = comparison.pairs.filter((p) => p.kind !== 'same');
  const { counts } = comparison;
  return (
    <section className="compare-messages" aria-label="Messages">
      <h3 className="compare-heading">
        Messages: {formatCount(counts.same)} the same, {formatCount(counts.changed)} changed,{' '}
        {formatCount(counts.onlyA)} only in A, {formatCount(counts.onlyB)} only in B
      </h3>
      <ul className="compare-list">
        {pairs.slice(0, 200).map((pair, i) => (
          <li key={i}>
            <p className="compare-pair">{describePair(pair)}</p>
            {pair.kind === 'changed' ? (
              <ul className="compare-differences">
                {pair.differences.map((d, j) => (
                  <li key={j} className="mono">
                    {describeDifference(d)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Props {
  readonly connection: ConnectionInfo;
  readonly onClose: () => void;
}

export function CompareDialog({ connection: a, onClose }: Props) {
  const titleId = useId();
  const tabsId = useId();
  const connections = useStore((s) => s.connections);
  const [otherText, setOtherText] = useState(() => {
    const partner = defaultPartner(a, connections);
    return partner === null ? '' : String(partner);
  });
  const [direction, setDirection] = useState<Direction>('in');
  const [problem, setProblem] = useState<string | null>(null);
  const [pair, setPair] = useState<number | null>(null);
  const { state, start } = useCompare();

  const compare = () => {
    const id = Number(otherText.replace(/^#/, ''));
    const b = connections.get(id);
    if (!Number.isInteger(id) || b === undefined) {
      setProblem('Type the number of a connection in the list, e.g. 12.');
      return;
    }
    setProblem(null);
    setPair(id);
    start(a, b);
  };
  const result = state[direction];
  return (
    <Modal labelledBy={titleId} className="compare-dialog" onClose={onClose}>
      <div className="compare-body">
        <header className="modal-header">
          <h2 id={titleId} className="modal-title">
            Compare #{a.id}
            {pair !== null ? ` (A) with #${pair} (B)` : ''}
          </h2>
          <button type="button" className="btn btn-small btn-ghost" onClick={onClose}>
            Close
          </button>
        </header>
        <form
          className="compare-form"
          onSubmit={(event) => {
            event.preventDefault();
            compare();
          }}
        >
          <label className="compare-with">
            <span>With connection #</span>
            <input
              className="input mono"
              inputMode="numeric"
              value={otherText}
              onChange={(event) => setOtherText(event.target.value)}
            />
          </label>
          <button type="submit" className="btn btn-primary" disabled={state.phase === 'loading'}>
            Compare
          </button>
          {problem !== null ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
        </form>
        {state.phase === 'loading' ? <p className="muted">Reading both connections…</p> : null}
        {state.phase === 'failed' && state.error !== null ? (
          <p className="field-error" role="alert">
            {state.error.message}
          </p>
        ) : null}
        {state.cut ? (
          <p className="muted">
            Only the first {MAX_COMPARE_BYTES / 1024 / 1024} MiB of each direction are compared.
          </p>
        ) : null}
        {state.phase === 'loading' || state.phase === 'comparing' || state.phase === 'done' ? (
          <>
            <div role="tablist" aria-label="Direction" className="compare-tabs" id={tabsId}>
              {(['in', 'out'] as const).map((d) => (
                <button
                  key={d}
                  type="button"
                  role="tab"
                  className="compare-tab"
                  aria-selected={direction === d}
                  onClick={() => setDirection(d)}
                >
                  {DIRECTION_NAME[d]}
                </button>
              ))}
            </div>
            <section
              className="compare-panel"
              role="tabpanel"
              aria-label={DIRECTION_NAME[direction]}
            >
              <Summary result={result} />
              {result.messages !== null ? (
                <Messages comparison={result.messages.comparison} />
              ) : null}
              {result.hunks.length > 0 ? (
                <section aria-label="Changes">
                  <h3 className="compare-heading">Changes</h3>
                  <ol className="compare-list">
                    {result.hunks.map((h, i) => (
                      <HunkItem key={i} h={h} />
                    ))}
                  </ol>
                </section>
              ) : null}
            </section>
          </>
        ) : null}
      </div>
    </Modal>
  );
}
