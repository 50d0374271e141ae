// Command-line parsing for `porthole`. Strict: an unknown flag is an error (exit 2), never
// silently ignored. There is deliberately no way to pass a token: it is generated inside the
// process, so it never shows up in `ps`.

import { parseByteSize } from './byte-size';

export const USAGE = `Usage:
  porthole serve [options]   Open Porthole in your browser (browser mode)
  porthole export CAPTURE -o FILE [options]
                             Write a capture as pcapng or HAR (export --help)
  porthole import FILE [options]
                             Open a .pcap or .pcapng file as a capture (import --help)
  porthole --help            Show this help
  porthole --version         Show the version

Options for serve:
  --port N          Port for the web UI on 127.0.0.1 (default: a free port)
  --no-open         Do not open a browser; just print the URL
  --data-dir DIR    Keep captures in DIR (default: PORTHOLE_DATA_DIR, else the platform's data
                    folder, e.g. ~/.local/share/porthole)
  --no-persist      Keep captures in memory only; nothing is written to disk (ports are
                    not remembered either)
  --workspace FILE  Add the ports of a workspace file (exported from Porthole) and open them
                    all at start; a port already remembered with the same protocol, host and
                    port takes the file's settings. A bad file stops here with exit code 2
  --max-import SIZE The largest file the page may upload to import (default 4GiB), e.g. 8GiB

Porthole listens on 127.0.0.1 only and prints a link that opens one browser tab, once; press
Enter at its terminal for another. Its secret is new on every run.
The ports you open are remembered in the data folder and come back, closed, at the next start
(or open, where "open at start" is ticked). Press Ctrl+C to stop; every port it opened is closed.`;

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'serve';
      readonly port: number;
      readonly open: boolean;
      /** `--data-dir`, when given. */
      readonly dataDir: string | null;
      readonly persist: boolean;
      /** `--workspace`, when given: a workspace file whose ports open at start. */
      readonly workspace: string | null;
      /** `--max-import`, when given, in bytes. */
      readonly maxImportBytes: number | null;
    }
  /** A subcommand with its own arguments (parsed by its own module). */
  | { readonly kind: 'export' | 'import'; readonly argv: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

function parsePort(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'error', message: 'No command given.' };
  if (command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-v') return { kind: 'version' };
  if (command === 'export' || command === 'import') return { kind: command, argv: rest };
  if (command !== 'serve') {
    const what = command.startsWith('-') ? 'option' : 'command';
    return { kind: 'error', message: `Unknown ${what} "${command}".` };
  }

  let port = 0;
  let open = true;
  let dataDir: string | null = null;
  let persist = true;
  let workspace: string | null = null;
  let maxImportBytes: number | null = null;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--no-open') {
      open = false;
    } else if (arg === '--no-persist') {
      persist = false;
    } else if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      const value = arg.startsWith('--data-dir=') ? arg.slice('--data-dir='.length) : rest[++i];
      if (value === undefined || value === '' || value.startsWith('--')) {
        return { kind: 'error', message: '--data-dir needs a folder.' };
      }
      dataDir = value;
    } else if (arg === '--workspace' || arg.startsWith('--workspace=')) {
      const value = arg.startsWith('--workspace=') ? arg.slice('--workspace='.length) : rest[++i];
      if (value === undefined || value === '' || value.startsWith('--')) {
        return { kind: 'error', message: '--workspace needs a file.' };
      }
      workspace = value;
    } else if (arg === '--max-import' || arg.startsWith('--max-import=')) {
      const value = arg.startsWith('--max-import=') ? arg.slice('--max-import='.length) : rest[++i];
      maxImportBytes = value === undefined ? null : parseByteSize(value);
      if (maxImportBytes === null) {
        return { kind: 'error', message: '--max-import needs a size, e.g. 8GiB or 500MB.' };
      }
    } else if (arg === '--port' || arg === '-p' || arg.startsWith('--port=')) {
      const value = arg.startsWith('--port=') ? arg.slice('--port='.length) : rest[++i];
      const parsed = parsePort(value);
      if (parsed === null) {
        return { kind: 'error', message: '--port needs a whole number from 0 to 65535.' };
      }
      port = parsed;
    } else {
      return { kind: 'error', message: `Unknown option "${arg}".` };
    }
  }
  if (!persist && dataDir !== null) {
    return { kind: 'error', message: '--data-dir and --no-persist cannot be used together.' };
  }
  return { kind: 'serve', port, open, dataDir, persist, workspace, maxImportBytes };
}
