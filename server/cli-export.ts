// `porthole export CAPTURE --format pcapng|har -o FILE`: a capture from the data folder to a
// file other tools read (Wireshark and tshark; HAR viewers and browsers' devtools). Strict like
// the rest of the command line: an unknown flag is an error (exit 2); a failure says what went
// wrong in one line (exit 1). Progress and the summary go to stderr, so `-o -` can pipe the
// file itself into another program.

import type { Direction } from '../shared/model';
import {
  browserModeDataDir,
  exportCaptureToHar,
  exportCaptureToPcapng,
  exportCaptureToRaw,
} from '../engine';
import { version } from '../package.json';

export const EXPORT_USAGE = `Usage:
  porthole export CAPTURE -o FILE [options]

CAPTURE is a capture id (its folder name in the data folder's captures/), or "latest" for the
newest capture.

Options:
  -o, --output FILE     Write to FILE ("-" for standard output)
  --format FORMAT       pcapng (default): every connection's packets, for Wireshark/tshark;
                        har: the HTTP/1.x exchanges as HAR 1.2, for HAR viewers and devtools;
                        raw: one direction of one connection, byte-exact
  --connections LIST    Only these connections, by number: "1,2,5" or "3-7,9"
  --direction in|out    With raw: what the client sent (in) or what the port sent (out)
  --data-dir DIR        The data folder (default: PORTHOLE_DATA_DIR, else the platform's data
                        folder, e.g. ~/.local/share/porthole)`;

export type ExportCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'export';
      readonly capture: string;
      readonly format: ExportFormat;
      readonly output: string;
      readonly dataDir: string | null;
      /** `--connections`, when given (sorted, without repeats). */
      readonly connectionIds: readonly number[] | null;
      /** `--direction`, for `--format raw` (one direction of one connection). */
      readonly direction: Direction | null;
    }
  | { readonly kind: 'error'; readonly message: string };

type ExportFormat = 'pcapng' | 'har' | 'raw';

/** A range may not name more connections than this (a typo like "1-99999999999"). */
const MAX_RANGE = 1_000_000;

function parseConnections(value: string): number[] | null {
  const ids = new Set<number>();
  for (const part of value.split(',')) {
    const match = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(part.trim());
    if (match === null) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (first < 1 || last < first || last - first >= MAX_RANGE) return null;
    for (let id = first; id <= last; id++) ids.add(id);
  }
  return ids.size === 0 ? null : [...ids].sort((a, b) => a - b);
}

/** Parses the arguments after `export`. */
export function parseExportArgs(argv: readonly string[]): ExportCommand {
  let capture: string | null = null;
  let output: string | null = null;
  let dataDir: string | null = null;
  let connectionIds: number[] | null = null;
  let format: ExportFormat = 'pcapng';
  let direction: Direction | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const flag = /^(--[a-z-]+)=(.*)$/s.exec(arg);
    const name = flag?.[1] ?? arg;
    const value = () => (flag !== null ? flag[2] : argv[++i]);
    const needs = (what: string) => {
      const v = value();
      return v === undefined || v === '' || (v.startsWith('-') && v !== '-')
        ? { missing: what }
        : v;
    };
    if (name === '--help' || name === '-h') return { kind: 'help' };
    if (name === '-o' || name === '--output') {
      const v = needs(`${name} needs a file (or "-" for standard output).`);
      if (typeof v !== 'string') return { kind: 'error', message: v.missing };
      output = v;
    } else if (name === '--format') {
      const v = needs('--format needs a format: pcapng, har or raw.');
      if (typeof v !== 'string') return { kind: 'error', message: v.missing };
      if (v !== 'pcapng' && v !== 'har' && v !== 'raw') {
        return {
          kind: 'error',
          message: `Unknown format "${v}": Porthole exports pcapng, har or raw.`,
        };
      }
      format = v;
    } else if (name === '--direction') {
      const v = needs('--direction needs in (client → port) or out (port → client).');
      if (typeof v !== 'string') return { kind: 'error', message: v.missing };
      if (v !== 'in' && v !== 'out') {
        return { kind: 'error', message: `--direction is in or out, not "${v}".` };
      }
      direction = v;
    } else if (name === '--data-dir') {
      const v = needs('--data-dir needs a folder.');
      if (typeof v !== 'string') return { kind: 'error', message: v.missing };
      dataDir = v;
    } else if (name === '--connections') {
      const v = needs('--connections needs connection numbers, e.g. 1,2,5 or 3-7.');
      if (typeof v !== 'string') return { kind: 'error', message: v.missing };
      connectionIds = parseConnections(v);
      if (connectionIds === null) {
        return {
          kind: 'error',
          message: `--connections "${v}" is not a list of connection numbers (e.g. 1,2,5 or 3-7).`,
        };
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      return { kind: 'error', message: `Unknown option "${arg}".` };
    } else if (capture === null) {
      capture = arg;
    } else {
      return { kind: 'error', message: `Only one capture can be exported at a time ("${arg}").` };
    }
  }
  if (capture === null) {
    return { kind: 'error', message: 'Name the capture to export: its id, or "latest".' };
  }
  if (output === null) return { kind: 'error', message: 'Say where to write it: -o FILE.' };
  if (format === 'raw' && (connectionIds?.length !== 1 || direction === null)) {
    return {
      kind: 'error',
      message:
        '--format raw writes one direction of one connection: --connections N --direction in|out.',
    };
  }
  if (format !== 'raw' && direction !== null) {
    return { kind: 'error', message: '--direction goes with --format raw only.' };
  }
  return { kind: 'export', capture, format, output, dataDir, connectionIds, direction };
}

/** Runs a parsed export; resolves with the exit code (0, or 1 when it failed). */
export async function runExport(
  command: Extract<ExportCommand, { kind: 'export' }>,
): Promise<number> {
  const dataDir = browserModeDataDir({ flag: command.dataDir ?? undefined });
  const toStdout = command.output === '-';
  const job = {
    dataDir,
    capture: command.capture,
    output: toStdout ? process.stdout : command.output,
    ...(command.connectionIds === null ? {} : { connectionIds: command.connectionIds }),
  };
  const [connectionId] = command.connectionIds ?? [];
  const result =
    command.format === 'har'
      ? await exportCaptureToHar({ ...job, version })
      : command.format === 'raw' && connectionId !== undefined && command.direction !== null
        ? await exportCaptureToRaw({ ...job, connectionId, direction: command.direction })
        : await exportCaptureToPcapng(job);
  if (!result.ok) {
    const { code, message } = result.error;
    // "…in the data folder." says which folder: the one this command looked in.
    const text =
      code === 'CAPTURE_NOT_FOUND' ? `${message.replace(/\.$/, '')} (${dataDir}).` : message;
    console.error(`porthole export: ${text}`);
    return 1;
  }
  const { captureId, connections, bytes } = result.value;
  const where = toStdout ? 'standard output' : command.output;
  const items =
    'packets' in result.value
      ? `${result.value.packets} packets`
      : 'entries' in result.value
        ? `${result.value.entries} HTTP exchange${result.value.entries === 1 ? '' : 's'}`
        : `the ${command.direction === 'in' ? 'client → port' : 'port → client'} bytes`;
  console.error(
    `Exported capture ${captureId}: ${connections} connection${connections === 1 ? '' : 's'}, ${items}, ${bytes} bytes to ${where}.`,
  );
  return 0;
}
