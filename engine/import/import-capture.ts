// Imports a pcap or pcapng file as a Porthole capture in the data folder: read in pieces with
// bounded memory, IP fragments put back together, TCP put back in order per direction, UDP kept
// per datagram, and written with the capture writer, so the import opens read-only like any past
// capture. Bad input is an error value naming the file and the byte offset, never an exception;
// a file damaged part way keeps what came before the damage.

import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { appError, fail, ok, type ErrorInfo, type Result } from '../../shared/errors';
import { writeCaptureName } from '../persist/capture-files';
import { CaptureSink, newImportId } from './capture-sink';
import { FileSource } from './file-source';
import { IpFragments } from './ip-fragments';
import { ipOfFrame, isSupportedLinkType } from './link-layer';
import type { RawPacket, ReadProblem } from './packet';
import { isPcapMagic, readPcap } from './pcap-reader';
import { readPcapng, SHB_TYPE } from './pcapng-reader';
import { TcpFlows } from './tcp-flows';
import { transportOf, type TransportPacket } from './transport-packet';
import { UdpFlows } from './udp-flows';

export interface ImportOptions {
  /** Told as the file is read (not more often than once per piece read). */
  readonly onProgress?: (bytesRead: number, total: number) => void;
  /** Cancels the import; nothing of it is kept. */
  readonly signal?: AbortSignal;
  /** The capture's name (by default the file's name: an upload's temporary file has another). */
  readonly name?: string;
}

export interface ImportSummary {
  readonly captureId: string;
  readonly connections: number;
  /** Frames read from the file. */
  readonly packets: number;
  /**
   * Frames that carried no TCP or UDP Porthole could use: other protocols, damage, and the
   * fragments of datagrams that were never completed.
   */
  readonly skipped: number;
  /** Damage that ended reading early: what came before it was imported. */
  readonly problem: ErrorInfo | null;
}

const PRUNE_EVERY_PACKETS = 4096;
const NAME_LIMIT = 120;

class Importer {
  sink: CaptureSink | null = null;
  tcp: TcpFlows | null = null;
  udp: UdpFlows | null = null;
  connections = 0;
  packets = 0;
  skipped = 0;
  unsupportedLinkType: number | null = null;
  lastAt = 0;
  readonly fragments = new IpFragments();

  constructor(
    private readonly dataDir: string,
    readonly captureId: string,
  ) {}

  readonly onPacket = (packet: RawPacket): Promise<void> | undefined => {
    this.packets++;
    if (!isSupportedLinkType(packet.linkType)) this.unsupportedLinkType ??= packet.linkType;
    const link = ipOfFrame(packet.linkType, packet.data);
    if (!link.ok) {
      this.skipped++;
      return undefined;
    }
    const at = Number.isFinite(packet.at) ? packet.at : this.lastAt;
    // A fragment is held (null) until its datagram is complete; it counts as skipped only if
    // that never happens (fragments.abandonedFrames).
    const whole = this.fragments.add(link.ip, at);
    if (whole === null) return undefined;
    const transport = transportOf(whole.ip);
    if (!transport.ok) {
      this.skipped += whole.frames;
      return undefined;
    }
    // The capture is created with the first packet worth keeping: its time is the start.
    if (this.sink === null) return this.start(at).then(() => this.handle(transport.packet, at));
    return this.handle(transport.packet, at);
  };

  /** Frames skipped, once the file is read: fragments still waiting are given up on then. */
  get skippedFrames(): number {
    return this.skipped + this.fragments.abandonedFrames;
  }

  private handle(p: TransportPacket, at: number): Promise<void> | undefined {
    this.lastAt = Math.max(this.lastAt, at);
    if (p.protocol === 'tcp') this.tcp?.packet(p, at);
    else this.udp?.packet(p, at);
    if (this.packets % PRUNE_EVERY_PACKETS === 0) this.tcp?.prune(at);
    return this.sink?.room();
  }

  private async start(at: number): Promise<void> {
    const sink = await CaptureSink.create(this.dataDir, this.captureId, at);
    const nextId = () => ++this.connections;
    this.sink = sink;
    this.tcp = new TcpFlows(sink, nextId);
    this.udp = new UdpFlows(sink, nextId);
    this.lastAt = at;
  }

  async finish(sink: CaptureSink, name: string): Promise<void> {
    this.tcp?.finish();
    this.udp?.finish();
    await sink.close(this.lastAt);
    await writeCaptureName(sink.folder, name.slice(0, NAME_LIMIT));
  }
}

function invalid(file: string, problem: ReadProblem, kept: boolean): ErrorInfo {
  const rest = kept ? '; the packets before it were imported' : '';
  return appError('IMPORT_INVALID', {
    detail: `${file}, at byte ${problem.offset}: ${problem.detail}${rest}`,
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Imports `file` into `<dataDir>/captures/<new id>/`. Never throws. */
export async function importCapture(
  file: string,
  dataDir: string,
  options: ImportOptions = {},
): Promise<Result<ImportSummary>> {
  let source: FileSource;
  let total = 0;
  try {
    source = await FileSource.open(file, (read) => options.onProgress?.(read, total));
    total = source.size;
  } catch (error) {
    return fail(appError('IMPORT_FAILED', { detail: `${file}: ${message(error)}` }));
  }
  const importer = new Importer(dataDir, newImportId(Date.now()));
  try {
    return await run(file, source, importer, options);
  } catch (error) {
    await removeCapture(importer);
    return fail(appError('IMPORT_FAILED', { detail: `${file}: ${message(error)}` }));
  } finally {
    await source.close().catch(() => undefined);
  }
}

async function run(
  file: string,
  source: FileSource,
  importer: Importer,
  options: ImportOptions,
): Promise<Result<ImportSummary>> {
  const { signal } = options;
  const head = await source.peek(4);
  const magic = head === null ? null : head.readUInt32BE(0);
  let problem: ReadProblem | null;
  // Reading stops on cancel and when writing failed; both are checked below.
  const stop = new AbortController();
  const cancel = () => stop.abort();
  signal?.addEventListener('abort', cancel);
  const onPacket = (packet: RawPacket) => {
    const pending = importer.onPacket(packet);
    return pending?.then(() => {
      if (importer.sink?.failure() != null) stop.abort();
    });
  };
  try {
    if (magic !== null && isPcapMagic(magic)) {
      problem = await readPcap(source, onPacket, stop.signal);
    } else if (magic === SHB_TYPE) {
      problem = await readPcapng(source, onPacket, stop.signal);
    } else {
      const start =
        head === null ? 'it is shorter than 4 bytes' : `it starts with ${head.toString('hex')}`;
      problem = { offset: 0, detail: `this is not a pcap or pcapng file (${start})` };
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  if (signal?.aborted === true) {
    await removeCapture(importer);
    return fail(appError('IMPORT_CANCELLED'));
  }
  const writeFailure = importer.sink?.failure() ?? null;
  if (writeFailure !== null) {
    await removeCapture(importer);
    return fail(appError('IMPORT_FAILED', { detail: `${file}: ${writeFailure.message}` }));
  }
  importer.fragments.finish();
  // A capture without connections is not listed (the library deletes it): say why instead.
  if (importer.connections === 0) {
    await removeCapture(importer);
    if (problem !== null) return fail(invalid(file, problem, false));
    const unsupported = importer.unsupportedLinkType;
    const detail =
      unsupported !== null && importer.skippedFrames === importer.packets
        ? `link type ${unsupported} is not supported (Ethernet, Linux cooked, BSD loopback and raw IP are)`
        : `it holds no TCP or UDP traffic (${importer.packets} packets read)`;
    return fail(appError('IMPORT_INVALID', { detail: `${file}: ${detail}` }));
  }
  if (importer.sink !== null) await importer.finish(importer.sink, options.name ?? basename(file));
  return ok({
    captureId: importer.captureId,
    connections: importer.connections,
    packets: importer.packets,
    skipped: importer.skippedFrames,
    problem: problem === null ? null : invalid(file, problem, true),
  });
}

async function removeCapture(importer: Importer): Promise<void> {
  const folder = importer.sink?.folder;
  if (folder === undefined) return;
  await importer.sink?.close(0).catch(() => undefined);
  await rm(folder, { recursive: true, force: true }).catch(() => undefined);
}
