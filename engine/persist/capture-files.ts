// Where a capture lives in the data folder and the small files beside it: the capture file, its
// name (meta.json) and, once it will not change any more, a summary (summary.json) so listing
// many captures does not re-read every one. Side files are written atomically (temp + rename)
// and private (0600); they are untrusted when read back.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from './atomic-file';

const CAPTURE_FILE_NAME = 'capture.porthole';
const META_FILE = 'meta.json';
const SUMMARY_FILE = 'summary.json';

/** What a capture's folder name must look like (the contract's capture id). */
export const CAPTURE_ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/;

export function capturesDir(dataDir: string): string {
  return join(dataDir, 'captures');
}

export function captureFolder(dataDir: string, id: string): string {
  return join(capturesDir(dataDir), id);
}

export function captureFile(dataDir: string, id: string): string {
  return join(captureFolder(dataDir, id), CAPTURE_FILE_NAME);
}

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const summaryFileSchema = z.object({
  startedAt: z.number().finite().nullable(),
  endedAt: z.number().finite().nullable(),
  interrupted: z.boolean(),
  damaged: z.boolean(),
  ports: count,
  connections: count,
  bytes: count,
  fileBytes: count,
});
export type SummaryFile = z.output<typeof summaryFileSchema>;

const metaSchema = z.object({ name: z.string().max(120).nullable() });

export function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  return writeFileAtomically(path, JSON.stringify(value));
}

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function readCaptureName(folder: string): Promise<string | null> {
  return (await readJson(join(folder, META_FILE), metaSchema))?.name ?? null;
}

export function writeCaptureName(folder: string, name: string | null): Promise<void> {
  return writeJsonAtomically(join(folder, META_FILE), { name });
}

export function readSummaryFile(folder: string): Promise<SummaryFile | null> {
  return readJson(join(folder, SUMMARY_FILE), summaryFileSchema);
}

export function writeSummaryFile(folder: string, summary: SummaryFile): Promise<void> {
  return writeJsonAtomically(join(folder, SUMMARY_FILE), summary);
}
