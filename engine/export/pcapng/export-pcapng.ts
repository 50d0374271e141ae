// A capture (or some of its connections) as a pcapng file that Wireshark and tshark read as
// ordinary traffic. Streams: each connection's packets are made as they are written, from
// payload read about 256 KiB at a time, so a capture of any size exports in bounded memory.
// Connections that overlap in time are merged so the file is in time order; past MAX_ACTIVE
// connections at once, the one that started first is finished first instead (order then
// slips, memory does not grow).

import { appError, fail, ok, type Result } from '../../../shared/errors';
import type { ConnectionInfo, ListenerInfo } from '../../../shared/model';
import { BlockSink, type PcapngOutput } from './block-sink';
import type { PcapngSource, Packet } from './flow';
import { ipPacketLength, writeIpPacket } from './ip-packet';
import { enhancedPacket, interfaceDescription, sectionHeader } from './pcapng-blocks';
import { tcpPackets } from './tcp-flow';
import { udpPackets } from './udp-flow';

/** Connections whose packets are merged at once; each holds at most one read (≈256 KiB). */
const MAX_ACTIVE = 64;

interface Active {
  readonly packets: AsyncGenerator<Packet>;
  readonly interfaceId: number;
  head: Packet;
}

export interface PcapngCapture extends PcapngSource {
  readonly listeners: readonly ListenerInfo[];
  get(id: number): ConnectionInfo | undefined;
  page(
    afterId: number,
    limit: number,
  ): { connections: ConnectionInfo[]; nextAfterId: number | null };
}

export interface PcapngExportOptions {
  /** Only these connections (all when omitted). */
  readonly connectionIds?: readonly number[];
  /** Written into the section header's comment, e.g. the capture's id. */
  readonly description?: string;
}

export interface PcapngExportResult {
  readonly connections: number;
  readonly packets: number;
  readonly bytes: number;
}

const hostPort = (host: string, port: number) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

export function* selected(
  capture: PcapngCapture,
  ids: readonly number[] | undefined,
): Generator<ConnectionInfo> {
  if (ids !== undefined) {
    for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
      const info = capture.get(id);
      if (info !== undefined) yield info;
    }
    return;
  }
  for (let after: number | null = 0; after !== null;) {
    const page = capture.page(after, 256);
    yield* page.connections;
    after = page.nextAfterId;
  }
}

export async function exportPcapng(
  capture: PcapngCapture,
  out: PcapngOutput,
  options: PcapngExportOptions = {},
): Promise<Result<PcapngExportResult>> {
  const missing = options.connectionIds?.find((id) => capture.get(id) === undefined);
  if (missing !== undefined) return fail(appError('CONNECTION_NOT_FOUND', { id: missing }));
  const sink = new BlockSink(out);
  const interfaces = new Map<string, number>();
  let packets = 0;
  let connections = 0;
  try {
    await sink.write(
      sectionHeader('Porthole', options.description ?? 'Exported from a Porthole capture'),
    );
    const addInterface = async (key: string, name: string, description: string) => {
      interfaces.set(key, interfaces.size);
      await sink.write(interfaceDescription(name, description));
    };
    for (const l of capture.listeners) {
      const port = l.port ?? l.requestedPort;
      await addInterface(
        l.id,
        `porthole ${l.protocol} ${hostPort(l.host, port)}`,
        `Porthole port ${l.id}`,
      );
    }
    const interfaceOf = async (c: ConnectionInfo) => {
      const known = interfaces.get(c.listenerId);
      if (known !== undefined) return known;
      // A connection whose port record is missing (a damaged file): an interface of its own.
      const name = `porthole ${c.protocol} ${hostPort(c.localAddress, c.localPort)}`;
      await addInterface(c.listenerId, name, `Porthole port ${c.listenerId}`);
      return interfaces.size - 1;
    };
    const active: Active[] = [];
    const write = async (p: Packet, interfaceId: number) => {
      const length = ipPacketLength(p.ends, p.transport, p.payload.length);
      const fill = (b: Buffer, at: number) => writeIpPacket(b, at, p.ends, p.transport, p.payload);
      await sink.write(enhancedPacket(interfaceId, p.at, length, fill, p.comment));
      packets++;
    };
    /** Writes the earliest packet of the active connections and moves that one on. */
    const writeEarliest = async () => {
      let first = 0;
      active.forEach((a, i) => {
        if (a.head.at < (active[first]?.head.at ?? Infinity)) first = i;
      });
      const a = active[first];
      if (a === undefined) return;
      await write(a.head, a.interfaceId);
      const next = await a.packets.next();
      if (next.done === true) active.splice(first, 1);
      else a.head = next.value;
    };
    const earliest = () => Math.min(...active.map((a) => a.head.at));
    for (const item of selected(capture, options.connectionIds)) {
      // Everything that happened before this connection opened goes first.
      while (active.length > 0 && (earliest() < item.openedAt || active.length >= MAX_ACTIVE)) {
        await writeEarliest();
      }
      const interfaceId = await interfaceOf(item);
      const packets =
        item.protocol === 'udp' ? udpPackets(item, capture) : tcpPackets(item, capture);
      const first = await packets.next();
      if (first.done !== true) active.push({ packets, interfaceId, head: first.value });
      connections++;
    }
    while (active.length > 0) await writeEarliest();
    await sink.flush();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(appError('EXPORT_FAILED', { detail }));
  }
  return ok({ connections, packets, bytes: sink.written });
}
