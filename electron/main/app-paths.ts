// Where the bundled pieces sit relative to dist/electron/main.cjs. Resolved from the bundle's own
// location so the app works from the repo, from `electron dist/electron/main.cjs`, and packaged.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  readonly preload: string;
  readonly indexHtml: string;
  readonly indexUrl: string;
}

export function appPaths(bundleDir: string = __dirname): AppPaths {
  const indexHtml = join(bundleDir, '..', 'renderer', 'index.html');
  return {
    preload: join(bundleDir, 'preload.cjs'),
    indexHtml,
    indexUrl: pathToFileURL(indexHtml).href,
  };
}
