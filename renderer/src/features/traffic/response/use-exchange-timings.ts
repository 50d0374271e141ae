import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ConnectionInfo } from '../../../../../shared/model';
import { useEngine } from '../../../bridge/engine-context';
import { timeExchanges } from './exchange-client';
import { ExchangeLoader, type ExchangeState } from './exchange-loader';
import type { TimedProtocol } from './exchange-timing';

/** Request → response timings of a connection, kept up to date while it is live. */
export function useExchangeTimings(
  connection: ConnectionInfo,
  protocol: TimedProtocol,
): ExchangeState {
  const engine = useEngine();
  const loader = useMemo(
    () => new ExchangeLoader(engine, protocol, timeExchanges),
    // A new loader per connection: its bytes and records are that connection's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [engine, protocol, connection.id],
  );
  useEffect(() => {
    loader.attach();
    return () => loader.detach();
  }, [loader]);
  useEffect(() => loader.update(connection), [loader, connection]);
  return useSyncExternalStore(loader.subscribe, loader.getState);
}
