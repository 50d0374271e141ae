// One export request run by the exporter of its format, with the result in the words the UI
// shows. The source is any capture: the one being recorded or a past one.

import { ok, type Result } from '../../shared/errors';
import type { ExportRequest, ExportSummary } from '../../shared/transfer';
import { exportHar } from './har/export-har';
import type { PcapngOutput } from './pcapng/block-sink';
import { exportPcapng, type PcapngCapture } from './pcapng/export-pcapng';
import { exportRaw } from './raw/export-raw';

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export async function exportAs(
  source: PcapngCapture,
  out: PcapngOutput,
  request: ExportRequest,
  labels: { readonly description: string; readonly version: string },
): Promise<Result<ExportSummary>> {
  const ids = request.connectionIds === undefined ? {} : { connectionIds: request.connectionIds };
  const { description, version } = labels;
  if (request.format === 'pcapng') {
    const r = await exportPcapng(source, out, { ...ids, description });
    if (!r.ok) return r;
    const { connections, bytes, packets } = r.value;
    return ok({ connections, bytes, items: count(packets, 'packet', 'packets') });
  }
  if (request.format === 'har') {
    const r = await exportHar(source, out, { ...ids, description, version });
    if (!r.ok) return r;
    const { connections, bytes, entries } = r.value;
    return ok({ connections, bytes, items: count(entries, 'HTTP exchange', 'HTTP exchanges') });
  }
  // The schema guarantees one connection and a direction for raw.
  const [id = 0] = request.connectionIds ?? [];
  const direction = request.direction ?? 'in';
  const r = await exportRaw(source, out, id, direction, request.range);
  if (!r.ok) return r;
  const whose = direction === 'in' ? "the client's" : "the port's";
  const side = request.range === undefined ? `${whose} bytes` : `${whose} selected bytes`;
  return ok({ connections: 1, bytes: r.value.bytes, items: side });
}
