// Maps a request path to a file inside the UI folder, refusing anything that tries to leave it.

import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { safePathSegments } from '../shared/safe-path';

export type StaticLookup =
  | { readonly ok: true; readonly file: string; readonly size: number }
  | { readonly ok: false; readonly kind: 'bad-path' | 'not-found' };

export async function lookupStaticFile(staticRoot: string, rawPath: string): Promise<StaticLookup> {
  const parsed = safePathSegments(rawPath);
  if (!parsed.ok) return parsed;
  const candidate = join(staticRoot, ...parsed.segments);
  if (!candidate.startsWith(staticRoot + sep)) return { ok: false, kind: 'bad-path' };
  try {
    // Symlinks inside the build may not point outside it either.
    const real = await realpath(candidate);
    if (!real.startsWith(staticRoot + sep)) return { ok: false, kind: 'not-found' };
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, kind: 'not-found' };
    return { ok: true, file: real, size: info.size };
  } catch {
    return { ok: false, kind: 'not-found' };
  }
}
