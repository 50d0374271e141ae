// Where the bundled pieces sit relative to dist/electron/main.cjs. Resolved from the bundle's own
// location so the app works from the repo, from `electron dist/electron/main.cjs`, and packaged.

import { join } from 'node:path';
import { APP_INDEX_URL } from './app-file';

export interface AppPaths {
  readonly preload: string;
  /** The built renderer folder: all that porthole://app/ serves. */
  readonly rendererRoot: string;
  readonly indexHtml: string;
  /** Where the window loads the UI from (the app's own protocol, not file://). */
  readonly indexUrl: string;
}

export function appPaths(bundleDir: string = __dirname): AppPaths {
  const rendererRoot = join(bundleDir, '..', 'renderer');
  return {
    preload: join(bundleDir, 'preload.cjs'),
    rendererRoot,
    indexHtml: join(rendererRoot, 'index.html'),
    indexUrl: APP_INDEX_URL,
  };
}
