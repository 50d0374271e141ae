// Opens what an import wrote the way every view does (PastCapture) and reads each connection's
// bytes per direction back in full.

import assert from 'node:assert/strict';
import type { ConnectionInfo, Direction } from '../../../shared/model';
import { importCapture, type ImportSummary } from '../../../engine/import/import-capture';
import { captureFile } from '../../../engine/persist/capture-files';
import { PastCapture } from '../../../engine/persist/past-capture';

export interface ImportedConnection {
  readonly info: ConnectionInfo;
  readonly in: Buffer;
  readonly out: Buffer;
}

async function readDirection(
  capture: PastCapture,
  info: ConnectionInfo,
  direction: Direction,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < info[direction].received) {
    const page = await capture.readPayload(info.id, direction, offset, 1024 * 1024);
    if (!page.ok) {
      // A gap: skip to the next chunk that holds bytes.
      const next = capture
        .readChunks(info.id, 0, info.chunkCount)
        ?.find((c) => c.direction === direction && c.offset > offset);
      if (next === undefined) break;
      offset = next.offset;
      continue;
    }
    if (page.value.length === 0) break;
    parts.push(page.value);
    offset += page.value.length;
  }
  return Buffer.concat(parts);
}

export async function readCapture(
  dataDir: string,
  captureId: string,
): Promise<{ connections: ImportedConnection[]; capture: PastCapture }> {
  const opened = await PastCapture.open(captureFile(dataDir, captureId));
  assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
  const capture = opened.value;
  const connections: ImportedConnection[] = [];
  for (const info of capture.page(0, 10_000).connections) {
    connections.push({
      info,
      in: await readDirection(capture, info, 'in'),
      out: await readDirection(capture, info, 'out'),
    });
  }
  return { connections, capture };
}

/** Imports `file` (which must succeed) and reads every connection back. */
export async function importAndRead(
  file: string,
  dataDir: string,
): Promise<{ summary: ImportSummary; connections: ImportedConnection[] }> {
  const result = await importCapture(file, dataDir);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  const { connections, capture } = await readCapture(dataDir, result.value.captureId);
  await capture.close();
  return { summary: result.value, connections };
}
