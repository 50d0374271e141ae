// Find in payload: asks the engine for match offsets a page at a time (findInPayload), only as
// far as "next"/"previous" needs them, moves the current match and scrolls the view to it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Direction } from '../../../../../shared/model';
import { parsePayloadSpec, type PayloadSpec } from '../../../../../shared/payload-spec';
import { useEngine } from '../../../bridge/engine-context';
import { useFindStore } from './find-store';
import { stepIndex, type FindResults } from './find-status';

const PAGE = 1000;

export interface FindQuery {
  readonly spec: PayloadSpec;
  readonly direction: Direction;
}

interface FindState {
  readonly key: string;
  readonly results: FindResults | null;
  readonly index: number;
  readonly error: string | null;
  readonly busy: boolean;
}

const emptyState = (key: string): FindState => ({
  key,
  results: null,
  index: -1,
  error: null,
  busy: false,
});

export interface FindController {
  readonly results: FindResults | null;
  readonly index: number;
  readonly error: string | null;
  readonly busy: boolean;
  step(step: 1 | -1): Promise<void>;
}

export function useFind(
  connectionId: number,
  query: FindQuery,
  onGo: (direction: Direction, offset: number) => Promise<string | null>,
): FindController {
  const { spec, direction } = query;
  // Results belong to one query; a reply or state for an older query is ignored.
  const key = `${connectionId}\n${direction}\n${spec.format}\n${spec.value}`;
  const [state, setState] = useState<FindState>(() => emptyState(key));
  const current = state.key === key ? state : emptyState(key);
  const keyRef = useRef(key);
  const engine = useEngine();
  const setMarks = useFindStore((s) => s.setMarks);

  useEffect(() => {
    keyRef.current = key;
    // The marks belong to the previous query: clear them (an external store, not React state).
    setMarks(null);
  }, [key, setMarks]);

  const update = useCallback(
    (forKey: string, change: Partial<FindState>) =>
      setState((prev) => ({ ...(prev.key === forKey ? prev : emptyState(forKey)), ...change })),
    [],
  );

  const page = useCallback(
    async (from: number, prior: FindResults | null): Promise<FindResults | string> => {
      const reply = await engine.findInPayload({
        connectionId,
        direction,
        pattern: spec,
        from,
        limit: PAGE,
      });
      if (!reply.ok) return `${reply.error.message} ${reply.error.hint}`.trim();
      const v = reply.value;
      return {
        offsets: prior ? [...prior.offsets, ...v.offsets] : v.offsets,
        complete: v.complete,
        length: v.patternLength,
      };
    },
    [engine, connectionId, direction, spec],
  );

  const step = useCallback(
    async (dir: 1 | -1) => {
      if (spec.value === '') return;
      const parsed = parsePayloadSpec(spec);
      if (!parsed.ok) {
        update(key, { error: parsed.message });
        return;
      }
      const stale = () => keyRef.current !== key;
      const index = current.index;
      update(key, { busy: true, error: null });
      try {
        let res = current.results;
        let next: number | null = null;
        // A live capture may have grown since the search: before wrapping forward or saying
        // "No matches" again, look once past the last match (a fresh search is current).
        let rechecked = res === null;
        for (;;) {
          if (res !== null) {
            const n = res.offsets.length;
            const atEnd = n === 0 || (dir === 1 && index === n - 1);
            if (res.complete && atEnd && !rechecked) rechecked = true;
            else {
              next = index < 0 ? (dir === 1 ? 0 : null) : stepIndex(res, index, dir);
              if (n === 0 || next !== null || res.complete) break;
            }
          }
          const more = await page(res ? (res.offsets.at(-1) ?? -1) + 1 : 0, res);
          if (stale()) return;
          if (typeof more === 'string') {
            update(key, { error: more });
            return;
          }
          res = more;
          update(key, { results: res });
        }
        if (res.offsets.length === 0) return;
        const target = next ?? res.offsets.length - 1;
        const offset = res.offsets[target] ?? 0;
        update(key, { index: target });
        setMarks({
          connectionId,
          direction,
          offsets: res.offsets,
          length: res.length,
          current: offset,
        });
        const message = await onGo(direction, offset);
        if (!stale()) update(key, { error: message });
      } finally {
        if (!stale()) update(key, { busy: false });
      }
    },
    [spec, key, current, update, page, connectionId, direction, setMarks, onGo],
  );

  return {
    results: current.results,
    index: current.index,
    error: current.error,
    busy: current.busy,
    step,
  };
}
