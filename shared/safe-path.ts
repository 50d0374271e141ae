// A URL path's segments for a lookup inside one folder, checked rather than normalised: `..`
// and `.` (also percent-encoded), NUL, backslashes (Windows separators), colons (drive letters,
// alternate streams) and encoded slashes are refused outright; hidden files, empty segments
// (directories) and source maps are not found. Browser mode and the desktop app's own
// protocol both serve the built UI through this one rule.

export type SafeSegments =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly kind: 'bad-path' | 'not-found' };

export const INDEX_FILE = 'index.html';

export function safePathSegments(rawPath: string): SafeSegments {
  if (!rawPath.startsWith('/')) return { ok: false, kind: 'bad-path' };
  if (rawPath === '/') return { ok: true, segments: [INDEX_FILE] };
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, kind: 'bad-path' };
    }
    if (segment === '..' || segment === '.' || /[\0\\/:]/.test(segment)) {
      return { ok: false, kind: 'bad-path' };
    }
    if (segment === '' || segment.startsWith('.')) return { ok: false, kind: 'not-found' };
    // Source maps stay on disk for debugging the build; they are not part of what is served.
    if (segment.endsWith('.map')) return { ok: false, kind: 'not-found' };
    segments.push(segment);
  }
  return { ok: true, segments };
}
