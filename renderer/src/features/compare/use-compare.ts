// Runs one comparison: loads both connections' bytes, hands them to a worker of its own, and
// gathers what it sends back per direction, so the first differences show while the rest is
// still being worked out. Closing the view (or starting another comparison) ends the worker.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationComparison } from '../../../../shared/compare/message-types';
import type { DiffStats } from '../../../../shared/compare/hunk';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ConnectionInfo, Direction } from '../../../../shared/model';
import { useEngine } from '../../bridge/engine-context';
import { decoderFor } from '../../lib/decoder-for';
import type { CompareResponse, FirstShown, ShownHunk } from './compare-protocol';
import { loadPair } from './load-side';

export interface DirectionResult {
  /** undefined until the worker has looked; null when the two are identical. */
  readonly first: FirstShown | null | undefined;
  readonly hunks: readonly ShownHunk[];
  readonly stats: DiffStats | null;
  readonly granularity: 'bytes' | 'lines' | null;
  readonly approximate: boolean;
  readonly done: boolean;
}

export interface CompareState {
  readonly phase: 'idle' | 'loading' | 'comparing' | 'done' | 'failed';
  readonly error: ErrorInfo | string | null;
  readonly cut: boolean;
  readonly in: DirectionResult;
  readonly out: DirectionResult;
  readonly messages: ConversationComparison | null;
}

const EMPTY_DIRECTION: DirectionResult = {
  first: undefined,
  hunks: [],
  stats: null,
  granularity: null,
  approximate: false,
  done: false,
};

const IDLE: CompareState = {
  phase: 'idle',
  error: null,
  cut: false,
  in: EMPTY_DIRECTION,
  out: EMPTY_DIRECTION,
  messages: null,
};

function apply(state: CompareState, message: CompareResponse): CompareState {
  if (message.type === 'error') return { ...state, phase: 'failed', error: message.message };
  if (message.type === 'messages') return { ...state, messages: message.comparison };
  const key: Direction = message.direction;
  const current = state[key];
  if (message.type === 'first') return { ...state, [key]: { ...current, first: message.first } };
  const next: DirectionResult = {
    ...current,
    hunks: message.hunks.length > 0 ? [...current.hunks, ...message.hunks] : current.hunks,
    stats: message.stats,
    granularity: message.granularity,
    approximate: message.approximate,
    done: message.done,
  };
  const updated = { ...state, [key]: next };
  return key === 'out' && message.done && state.in.done ? { ...updated, phase: 'done' } : updated;
}

export function useCompare(): {
  state: CompareState;
  start(a: ConnectionInfo, b: ConnectionInfo): void;
} {
  const api = useEngine();
  const [state, setState] = useState<CompareState>(IDLE);
  const worker = useRef<Worker | null>(null);
  const stop = () => {
    worker.current?.terminate();
    worker.current = null;
  };
  useEffect(() => stop, []);

  const start = useCallback(
    (a: ConnectionInfo, b: ConnectionInfo) => {
      stop();
      setState({ ...IDLE, phase: 'loading' });
      void (async () => {
        // Where they first part is shown as soon as the pages reading in step reach it.
        const loaded = await loadPair(api, a, b, (direction, first) => {
          setState((s) => ({ ...s, [direction]: { ...s[direction], first } }));
        });
        if (!loaded.ok) {
          setState({ ...IDLE, phase: 'failed', error: loaded.error });
          return;
        }
        const decoderA = decoderFor(a.detected);
        const decoder = decoderA !== null && decoderA === decoderFor(b.detected) ? decoderA : null;
        const started = new Worker(new URL('../../workers/compare-worker.ts', import.meta.url), {
          type: 'module',
        });
        worker.current = started;
        setState((s) => ({ ...s, phase: 'comparing', cut: loaded.cut }));
        started.onmessage = (event: MessageEvent<CompareResponse>) => {
          setState((s) => apply(s, event.data));
        };
        const { a: x, b: y } = loaded;
        // Transferred, not copied: the worker owns the bytes from here.
        started.postMessage({ a: x, b: y, decoder }, [
          x.in.buffer,
          x.out.buffer,
          y.in.buffer,
          y.out.buffer,
        ]);
      })();
    },
    [api],
  );
  return { state, start };
}
