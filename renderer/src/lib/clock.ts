// One shared ticking clock for every live duration on screen: a single interval, running only
// while something displays a live value, instead of a timer per row.
import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;
let now = Date.now();
let timer = 0;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === 0) {
    now = Date.now();
    timer = window.setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== 0) {
      window.clearInterval(timer);
      timer = 0;
    }
  };
}

const getNow = () => now;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow);
}
