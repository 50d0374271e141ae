// Where Porthole keeps its captures and settings. The desktop app passes its user-data folder;
// browser mode uses the platform's data folder unless told otherwise.

import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DataDirSources {
  /** `--data-dir`, when given. */
  readonly flag?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly home?: string;
}

/** The folder browser mode keeps its data in: flag, then PORTHOLE_DATA_DIR, then the platform's. */
export function browserModeDataDir(sources: DataDirSources = {}): string {
  const env = sources.env ?? process.env;
  if (sources.flag !== undefined && sources.flag !== '') return sources.flag;
  const override = env.PORTHOLE_DATA_DIR;
  if (override !== undefined && override !== '') return override;
  const home = sources.home ?? homedir();
  switch (sources.platform ?? process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Porthole');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Porthole');
    default: {
      const xdg = env.XDG_DATA_HOME;
      // The XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
      return xdg !== undefined && xdg.startsWith('/')
        ? join(xdg, 'porthole')
        : join(home, '.local', 'share', 'porthole');
    }
  }
}

/**
 * Creates a folder Porthole owns (and any missing parents, those 0700 too) and makes it
 * private: captures hold whatever clients sent, secrets included. The folder itself ends up
 * 0700 on POSIX even if it existed with a looser mode; parents that already existed (a data
 * folder the user chose) are left as they are.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await chmod(dir, 0o700);
}
