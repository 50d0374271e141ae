// Maps a request path to a file inside the UI folder, refusing anything that tries to leave it.

import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

export type StaticLookup =
  | { readonly ok: true; readonly file: string; readonly size: number }
  | { readonly ok: false; readonly kind: 'bad-path' | 'not-found' };

export const INDEX_FILE = 'index.html';

/**
 * Checks the decoded path segment by segment: `..` and `.` (also when percent-encoded), NUL,
 * backslashes (path separators on Windows) and encoded slashes are refused outright rather
 * than normalised away. Hidden files and source maps are never served.
 */
function staticSegments(
  rawPath: string,
): { ok: true; segments: string[] } | { ok: false; kind: 'bad-path' | 'not-found' } {
  if (rawPath === '/') return { ok: true, segments: [INDEX_FILE] };
  const rawSegments = rawPath.slice(1).split('/');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, kind: 'bad-path' };
    }
    if (segment === '..' || segment === '.' || /[\0\\/:]/.test(segment)) {
      return { ok: false, kind: 'bad-path' };
    }
    // Empty segments ("//", trailing "/") would mean a directory: there are no listings.
    if (segment === '' || segment.startsWith('.')) return { ok: false, kind: 'not-found' };
    // Source maps stay on disk for debugging the build; they are not part of what is served.
    if (segment.endsWith('.map')) return { ok: false, kind: 'not-found' };
    segments.push(segment);
  }
  return { ok: true, segments };
}

export async function lookupStaticFile(staticRoot: string, rawPath: string): Promise<StaticLookup> {
  const parsed = staticSegments(rawPath);
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
