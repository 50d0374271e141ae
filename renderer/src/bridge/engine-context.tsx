// How views reach the engine: useEngine(), provided once at the app root with the page's
// bridge. Views never call getBridge() themselves, so the one instance and its lifetime are
// decided in one place (main.tsx), and a view can be rendered against another PortholeApi.
// <CaptureScope> narrows it to the capture on screen (capture-scope.ts).
import { createContext, use, useMemo, type ReactNode } from 'react';
import type { PortholeApi } from '../../../shared/contract';
import { scopeToCapture } from './capture-scope';

const EngineContext = createContext<PortholeApi | null>(null);

export function EngineProvider({
  engine,
  children,
}: {
  readonly engine: PortholeApi;
  readonly children: ReactNode;
}) {
  return <EngineContext value={engine}>{children}</EngineContext>;
}

/** The engine's commands, as the bridge exposes them (every call resolves with a Result). */
export function useEngine(): PortholeApi {
  const engine = use(EngineContext);
  if (engine === null) throw new Error('useEngine() needs an <EngineProvider> above it');
  return engine;
}

/**
 * Views below read from `capture` (a past capture's id), or from the live capture when it is
 * null; `live` is the live capture's id, so a new capture gets fresh per-API caches.
 */
export function CaptureScope({
  capture,
  live,
  children,
}: {
  readonly capture: string | null;
  readonly live: string | null;
  readonly children: ReactNode;
}) {
  const base = useEngine();
  const engine = useMemo(
    () => scopeToCapture(base, capture === null ? { live } : { capture }),
    [base, capture, live],
  );
  return <EngineContext value={engine}>{children}</EngineContext>;
}
