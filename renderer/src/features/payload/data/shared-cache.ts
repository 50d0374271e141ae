import { getBridge } from '../../../bridge/get-bridge';
import { ByteCache } from './byte-cache';

let cache: ByteCache | null = null;

/** One byte cache per page, shared by the text and hex views. */
export function getByteCache(): ByteCache {
  cache ??= new ByteCache(getBridge());
  return cache;
}
