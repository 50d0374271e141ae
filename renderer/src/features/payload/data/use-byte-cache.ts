// One byte cache per engine — the page has one — shared by the text and hex views and by copy,
// so bytes a view fetched are not fetched again to copy them.
import type { PortholeApi } from '../../../../../shared/contract';
import { useEngine } from '../../../bridge/engine-context';
import { ByteCache } from './byte-cache';

const caches = new WeakMap<PortholeApi, ByteCache>();

export function useByteCache(): ByteCache {
  const engine = useEngine();
  let cache = caches.get(engine);
  if (cache === undefined) {
    cache = new ByteCache(engine);
    caches.set(engine, cache);
  }
  return cache;
}
