// A capture's HTTP/1.x exchanges (or those of some connections) as a HAR 1.2 log. Written as it
// goes, one entry at a time, so memory holds one connection's exchanges, never the whole log.

import { appError, fail, ok, type Result } from '../../../shared/errors';
import { BlockSink, type PcapngOutput } from '../pcapng/block-sink';
import { selected, type PcapngCapture } from '../pcapng/export-pcapng';
import { connectionEntries, mayHoldHttp } from './har-entries';

export interface HarExportOptions {
  /** Only these connections (all when omitted). */
  readonly connectionIds?: readonly number[];
  /** Porthole's version, for log.creator. */
  readonly version?: string;
  /** log.comment, e.g. the capture's id. */
  readonly description?: string;
}

export interface HarExportResult {
  /** Connections that had at least one HTTP exchange. */
  readonly connections: number;
  readonly entries: number;
  readonly bytes: number;
}

export async function exportHar(
  capture: PcapngCapture,
  out: PcapngOutput,
  options: HarExportOptions = {},
): Promise<Result<HarExportResult>> {
  const missing = options.connectionIds?.find((id) => capture.get(id) === undefined);
  if (missing !== undefined) return fail(appError('CONNECTION_NOT_FOUND', { id: missing }));
  const sink = new BlockSink(out);
  const text = (s: string) => sink.write(Buffer.from(s, 'utf8'));
  let entries = 0;
  let connections = 0;
  try {
    const creator = { name: 'Porthole', version: options.version ?? 'unknown' };
    const comment =
      options.description === undefined ? '' : `,"comment":${JSON.stringify(options.description)}`;
    await text(
      `{"log":{"version":"1.2","creator":${JSON.stringify(creator)}${comment},"pages":[],"entries":[`,
    );
    for (const info of selected(capture, options.connectionIds)) {
      if (!mayHoldHttp(info)) continue;
      let any = false;
      for await (const entry of connectionEntries(capture, info)) {
        await text(`${entries === 0 ? '' : ','}\n${JSON.stringify(entry)}`);
        entries++;
        any = true;
      }
      if (any) connections++;
    }
    await text('\n]}}\n');
    await sink.flush();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(appError('EXPORT_FAILED', { detail }));
  }
  return ok({ connections, entries, bytes: sink.written });
}
