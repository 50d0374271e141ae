// Which built file a porthole://app/… URL names. Pure (no electron import), so node tests can
// throw traversal attempts at it: only files inside the built renderer folder, under the one
// host the app uses, by the same segment rules browser mode serves with.

import { join, sep } from 'node:path';
import { safePathSegments } from '../../shared/safe-path';

export const APP_SCHEME = 'porthole';
const APP_HOST = 'app';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export type AppFile = { readonly ok: true; readonly path: string } | { readonly ok: false };

export function resolveAppFile(rendererRoot: string, rawUrl: string): AppFile {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false };
  if (url.username !== '' || url.password !== '') return { ok: false };
  // The raw path: URL() has already resolved plain "../", but not its encoded forms, which the
  // segment check refuses.
  const parsed = safePathSegments(url.pathname);
  if (!parsed.ok) return { ok: false };
  const root = rendererRoot.endsWith(sep) ? rendererRoot.slice(0, -1) : rendererRoot;
  const path = join(root, ...parsed.segments);
  return path.startsWith(root + sep) ? { ok: true, path } : { ok: false };
}

/**
 * Same page as the app's index, ignoring only the #fragment: what the IPC guard accepts as
 * Porthole's own window.
 */
export function isAppIndex(rawUrl: string): boolean {
  try {
    const url = new URL(rawUrl);
    const index = new URL(APP_INDEX_URL);
    return (
      url.protocol === index.protocol &&
      url.host === index.host &&
      (url.pathname === index.pathname || url.pathname === '/') &&
      url.search === '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}
