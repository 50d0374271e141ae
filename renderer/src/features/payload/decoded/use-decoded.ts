import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { DecoderName } from '../../../../../shared/decoders/types';
import type { ConnectionInfo } from '../../../../../shared/model';
import { useEngine } from '../../../bridge/engine-context';
import type { ChunkSource } from '../data/chunk-source';
import { decodeInWorker } from './decode-client';
import { DecodedLoader, type DecodedState } from './decoded-loader';

/** The decoded conversation of a connection, kept up to date while it is live. */
export function useDecoded(
  connection: ConnectionInfo,
  decoder: DecoderName,
  source: ChunkSource,
): { readonly state: DecodedState; readonly loader: DecodedLoader } {
  const engine = useEngine();
  const loader = useMemo(
    () => new DecodedLoader(engine, decoder, source, decodeInWorker),
    [engine, decoder, source],
  );
  useEffect(() => {
    loader.attach();
    return () => loader.detach();
  }, [loader]);
  const state = useSyncExternalStore(loader.subscribe, loader.getState);
  useEffect(() => {
    loader.update(connection);
  }, [loader, connection, source.version]);
  return { state, loader };
}
