// The desktop app loads its UI from porthole://app/, a privileged custom protocol, not file://:
// a file:// page may read any file:// URL it can name, and Chromium treats all of them as one
// origin. Here the page is its own secure origin, and only files of the built renderer folder
// exist under it (app-file.ts), with the content types browser mode sends.

import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentTypeFor } from '../../shared/content-types';
import { APP_SCHEME, resolveAppFile } from './app-file';

/** Before the app is ready: the scheme's privileges are fixed at start. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: relative URLs, an origin of its own, storage; secure: a secure context (like
      // https), which module scripts and module workers need; fetch for the worker's imports.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Once the app is ready: answers porthole://app/… from the built renderer folder only. */
export function handleAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererRoot, request.url);
    if (!file.ok || request.method !== 'GET') return new Response(null, { status: 404 });
    try {
      const body = await readFile(file.path);
      return new Response(body, {
        headers: {
          'Content-Type': contentTypeFor(file.path),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
