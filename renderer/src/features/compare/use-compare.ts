// Runs one comparison in the engine, next to the bytes: starts a compare job, then follows
// each direction's answers (the first difference comes first, then the changes page by page,
// then the message comparison). Closing the view, or starting another comparison, cancels the
// job; a finished one is released as soon as everything has been read.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompareMessages, ComparePage } from '../../../../shared/compare/compare-page';
import type { DiffStats } from '../../../../shared/compare/hunk';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import { useEngine } from '../../bridge/engine-context';
import { decoderFor } from '../../lib/decoder-for';
import { shownChange, shownFirst, type FirstShown, type ShownHunk } from './shown-change';

export interface DirectionResult {
  /** undefined until the engine has looked; null when the two are identical. */
  readonly first: FirstShown | null | undefined;
  readonly hunks: readonly ShownHunk[];
  readonly stats: DiffStats | null;
  readonly granularity: 'bytes' | 'lines' | null;
  readonly approximate: boolean;
  readonly done: boolean;
  readonly messages: CompareMessages | null;
}

export interface CompareState {
  readonly phase: 'idle' | 'loading' | 'comparing' | 'done' | 'failed';
  readonly error: ErrorInfo | null;
  readonly cut: boolean;
  readonly in: DirectionResult;
  readonly out: DirectionResult;
}

const EMPTY_DIRECTION: DirectionResult = {
  first: undefined,
  hunks: [],
  stats: null,
  granularity: null,
  approximate: false,
  done: false,
  messages: null,
};

const IDLE: CompareState = {
  phase: 'idle',
  error: null,
  cut: false,
  in: EMPTY_DIRECTION,
  out: EMPTY_DIRECTION,
};

function apply(state: CompareState, page: ComparePage): CompareState {
  const current = state[page.direction];
  const next: DirectionResult = {
    // Worked out once: every answer carries it again.
    first:
      current.first !== undefined || !page.firstKnown
        ? current.first
        : page.first === null
          ? null
          : shownFirst(page.first),
    hunks:
      page.changes.length > 0
        ? [...current.hunks, ...page.changes.map(shownChange)]
        : current.hunks,
    stats: page.stats,
    granularity: page.granularity,
    approximate: page.approximate,
    done: page.done,
    messages: page.messages,
  };
  return { ...state, [page.direction]: next };
}

interface Run {
  job: string | null;
  stopped: boolean;
}

export function useCompare(): {
  state: CompareState;
  start(a: ConnectionInfo, b: ConnectionInfo): void;
} {
  const api = useEngine();
  const [state, setState] = useState<CompareState>(IDLE);
  const run = useRef<Run | null>(null);
  const stop = useCallback(() => {
    const current = run.current;
    run.current = null;
    if (current === null) return;
    current.stopped = true;
    if (current.job !== null) void api.cancelCompare({ job: current.job });
  }, [api]);
  useEffect(() => stop, [stop]);

  const start = useCallback(
    (a: ConnectionInfo, b: ConnectionInfo) => {
      stop();
      const current: Run = { job: null, stopped: false };
      run.current = current;
      setState({ ...IDLE, phase: 'loading' });
      const decoderA = decoderFor(a.detected);
      const decoder = decoderA !== null && decoderA === decoderFor(b.detected) ? decoderA : null;
      const failed = (error: ErrorInfo) => setState({ ...IDLE, phase: 'failed', error });

      /** Follows one direction until everything is read; false when stopped or failed. */
      const follow = async (job: string, direction: Direction): Promise<boolean> => {
        let from = 0;
        let seen: number | undefined;
        for (;;) {
          const answer = await api.compareChanges({ job, direction, from, seen });
          if (current.stopped) return false;
          if (!answer.ok) {
            failed(answer.error);
            stop();
            return false;
          }
          const page = answer.value;
          from += page.changes.length;
          seen = page.version;
          setState((s) => apply(s, page));
          if (page.complete && from >= page.listed) return true;
        }
      };

      void (async () => {
        const started = await api.compareConnections({ a: a.id, b: b.id, decoder });
        if (!started.ok) return current.stopped ? undefined : failed(started.error);
        const { job, cut } = started.value;
        if (current.stopped) return void api.cancelCompare({ job });
        current.job = job;
        setState((s) => ({ ...s, phase: 'comparing', cut }));
        const [inbound, outbound] = await Promise.all([follow(job, 'in'), follow(job, 'out')]);
        if (!inbound || !outbound || current.stopped) return;
        // Everything is on screen: the engine can let go of the job.
        current.job = null;
        void api.cancelCompare({ job });
        setState((s) => ({ ...s, phase: 'done' }));
      })();
    },
    [api, stop],
  );
  return { state, start };
}
