// How views reach the engine: useEngine(), provided once at the app root with the page's
// bridge. Views never call getBridge() themselves, so the one instance and its lifetime are
// decided in one place (main.tsx), and a view can be rendered against another PortholeApi.
import { createContext, use, type ReactNode } from 'react';
import type { PortholeApi } from '../../../shared/contract';

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
