// An import as a job: a pcap/pcapng file, or an upload staged into the data folder first (the
// readers need a file they can peek into; the data folder, not /tmp, because /tmp may be memory
// and an upload may be gigabytes), read into a new capture with progress and cancellation.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { appError, fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import { formatBytes } from '../../shared/format-bytes';
import type { ImportSummary } from '../../shared/transfer';
import type { EngineCore } from '../core/engine-core';
import { importCapture } from '../import/import-capture';
import type { TransferJob } from './transfer-jobs';

/** Where uploads wait to be read; removed as soon as the import ends, whatever its outcome. */
const INCOMING = 'incoming';

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

function dataDirOf(core: EngineCore): Result<string> {
  return core.captures === null ? fail(appError('PERSIST_UNAVAILABLE')) : ok(core.captures.dataDir);
}

/** Whether this engine can keep an import (it needs a data folder). */
export function importsAvailable(core: EngineCore): Result<null> {
  const dataDir = dataDirOf(core);
  return dataDir.ok ? ok(null) : dataDir;
}

async function read(
  core: EngineCore,
  job: TransferJob,
  dataDir: string,
  file: string,
  fileName: string,
): Promise<Result<ImportSummary>> {
  job.step('reading');
  const imported = await importCapture(file, dataDir, {
    name: fileName,
    signal: job.signal,
    onProgress: (done, total) => job.progress(done, total),
  });
  if (!imported.ok) return imported;
  return ok(imported.value);
}

function finish(job: TransferJob, result: Result<ImportSummary>): Result<ImportSummary> {
  job.finish({ error: result.ok ? null : result.error });
  return result;
}

/** Imports a file on this machine (the desktop's dialog, a dropped file). */
export async function runImportFile(
  core: EngineCore,
  file: string,
  fileName: string,
): Promise<Result<ImportSummary>> {
  const dataDir = dataDirOf(core);
  if (!dataDir.ok) return dataDir;
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : null),
    () => null,
  );
  if (size === null) {
    return fail(appError('IMPORT_FAILED', { detail: `${fileName} (it is not a readable file)` }));
  }
  const job = core.transfers.start('import', fileName, size);
  return finish(job, await read(core, job, dataDir.value, file, fileName));
}

/**
 * Imports an upload: its bytes are written to the data folder (at most `maxBytes`: more is
 * refused as soon as it arrives), then read like a file.
 */
export async function runImportStream(
  core: EngineCore,
  stream: Readable,
  fileName: string,
  size: number,
  maxBytes: number,
): Promise<Result<ImportSummary>> {
  const dataDir = dataDirOf(core);
  if (!dataDir.ok) return dataDir;
  const job = core.transfers.start('import', fileName, size);
  job.step('receiving');
  const folder = join(dataDir.value, INCOMING);
  const staged = join(folder, `upload-${randomBytes(8).toString('hex')}.part`);
  let received = 0;
  let refusal: ErrorInfo | null = null;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) {
        refusal = appError('IMPORT_TOO_LARGE', { detail: formatBytes(maxBytes) });
        callback(new Error('too large'));
        return;
      }
      job.progress(received);
      callback(null, chunk);
    },
  });
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await pipeline(stream, counted, createWriteStream(staged, { mode: 0o600 }), {
      signal: job.signal,
    });
    if (received !== size) {
      // The page said how big the file was; fewer bytes means the upload was cut short.
      const detail = `${fileName} (${received} of ${size} bytes arrived)`;
      return finish(job, fail(appError('IMPORT_FAILED', { detail })));
    }
    return finish(job, await read(core, job, dataDir.value, staged, fileName));
  } catch (error) {
    const failure = job.signal.aborted
      ? appError('IMPORT_CANCELLED')
      : (refusal ?? appError('IMPORT_FAILED', { detail: `${fileName}: ${why(error)}` }));
    return finish(job, fail(failure));
  } finally {
    await rm(staged, { force: true });
  }
}
