// Typed filter fields wait for a pause in typing: each settled value costs a pass over every
// connection, which is cheap once but not on every keystroke of a fast typist.
import { useEffect, useLayoutEffect, useRef } from 'react';

const FILTER_DEBOUNCE_MS = 100;

/**
 * Calls `apply(value)` once `value` has been unchanged for `ms` (not on the first render).
 * `value` should be a primitive: an object made during render would restart the wait on every
 * render.
 */
export function useDebounced<T>(value: T, apply: (value: T) => void, ms = FILTER_DEBOUNCE_MS) {
  // The latest callback, without making it a dependency (a new closure every render would
  // restart the timer).
  const applyRef = useRef(apply);
  useLayoutEffect(() => {
    applyRef.current = apply;
  });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return undefined;
    }
    const timer = window.setTimeout(() => applyRef.current(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
}
