// The machine view's data: read about every 2 s while the view is open and the page is visible,
// nothing while it is hidden. The last reading stays on screen while the next one is read, so the
// list never empties or flashes; rows that appeared since the view opened are remembered as new.
import { useEffect, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import type { MachineSnapshot } from '../../../../shared/machine';
import { useEngine } from '../../bridge/engine-context';

/** Pause between the end of one reading and the start of the next. */
const MACHINE_REFRESH_MS = 2000;

export interface MachineData {
  readonly snapshot: MachineSnapshot | null;
  readonly error: ErrorInfo | null;
  /** Keys of listeners that were not in the first reading. */
  readonly fresh: ReadonlySet<string>;
}

/**
 * The new reading with every listener that did not change replaced by the object it had in the
 * last one, so the rows showing them are not rendered again (MachineRow is memoised).
 */
function keepUnchanged(last: MachineSnapshot | null, next: MachineSnapshot): MachineSnapshot {
  if (last === null) return next;
  const before = new Map(last.listeners.map((l) => [l.key, l]));
  const listeners = next.listeners.map((l) => {
    const old = before.get(l.key);
    return old !== undefined && JSON.stringify(old) === JSON.stringify(l) ? old : l;
  });
  return { ...next, listeners };
}

export function useMachineSnapshot(): MachineData {
  const api = useEngine();
  const [data, setData] = useState<MachineData>({ snapshot: null, error: null, fresh: new Set() });
  const firstKeys = useRef<ReadonlySet<string> | null>(null);
  const previousReading = useRef<MachineSnapshot | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reading = false;

    const read = async () => {
      if (stopped || reading || document.hidden) return;
      reading = true;
      const result = await api.listMachineSockets({});
      reading = false;
      if (stopped) return;
      if (result.ok) {
        const snapshot = keepUnchanged(previousReading.current, result.value);
        previousReading.current = snapshot;
        const keys = snapshot.listeners.map((l) => l.key);
        firstKeys.current ??= new Set(keys);
        const first = firstKeys.current;
        setData({
          snapshot,
          error: null,
          fresh: new Set(keys.filter((key) => !first.has(key))),
        });
      } else {
        setData((previous) => ({ ...previous, error: result.error }));
      }
      schedule();
    };
    const schedule = () => {
      clearTimeout(timer);
      if (!stopped && !document.hidden) timer = setTimeout(() => void read(), MACHINE_REFRESH_MS);
    };
    // Back in view: read now rather than show a reading from before the page was hidden.
    const onVisibility = () => {
      if (document.hidden) clearTimeout(timer);
      else void read();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [api]);
  return data;
}
