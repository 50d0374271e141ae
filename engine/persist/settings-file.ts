// Capture settings kept in the data folder (settings.json): whether captures go to disk and how
// many the folder keeps. Read once at start — synchronously, it is a few bytes and the engine
// needs it before the first capture begins — and written atomically on every change. A missing
// or damaged file means the defaults; a damaged one is not overwritten until the user changes a
// setting.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CAPTURE_SETTINGS, type CaptureSettings } from '../../shared/model';
import { writeJsonAtomically } from './capture-files';
import { ensurePrivateDir } from './data-dir';

const SETTINGS_FILE = 'settings.json';

const settingsFileSchema = z.object({
  persist: z.boolean().catch(DEFAULT_CAPTURE_SETTINGS.persist),
  keepCaptures: z.number().int().min(1).max(10_000).catch(DEFAULT_CAPTURE_SETTINGS.keepCaptures),
  keepBytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .catch(DEFAULT_CAPTURE_SETTINGS.keepBytes),
});

export function loadSettings(dataDir: string): CaptureSettings {
  try {
    const raw: unknown = JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8'));
    const parsed = settingsFileSchema.safeParse({
      ...DEFAULT_CAPTURE_SETTINGS,
      ...(raw as object),
    });
    return parsed.success ? parsed.data : DEFAULT_CAPTURE_SETTINGS;
  } catch {
    return DEFAULT_CAPTURE_SETTINGS;
  }
}

export async function saveSettings(dataDir: string, settings: CaptureSettings): Promise<void> {
  await ensurePrivateDir(dataDir);
  await writeJsonAtomically(join(dataDir, SETTINGS_FILE), settings);
}
