import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ConnectionInfo } from '../../../../../shared/model';
import { useEngine } from '../../../bridge/engine-context';
import { ChunkSource } from './chunk-source';

/** The chunk records of the selected connection, kept in step with its live snapshot. */
export function useChunkSource(connection: ConnectionInfo): ChunkSource {
  const engine = useEngine();
  const source = useMemo(() => new ChunkSource(engine, connection.id), [engine, connection.id]);
  useSyncExternalStore(source.subscribe, source.getVersion);
  useEffect(() => {
    source.attach();
    return () => source.detach();
  }, [source]);
  useEffect(() => {
    source.update(connection);
  }, [source, connection]);
  return source;
}
