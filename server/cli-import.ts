// `porthole import FILE [--data-dir DIR]`: imports a pcap or pcapng file as a capture in the
// data folder (where `porthole serve` lists it with the others) and prints its id and counts.
// Ctrl+C cancels and keeps nothing.

import { browserModeDataDir, importCapture } from '../engine';

const IMPORT_USAGE = `Usage:
  porthole import FILE [--data-dir DIR]

Imports a .pcap or .pcapng file (tcpdump, Wireshark, dumpcap) as a capture in the data folder
(default: PORTHOLE_DATA_DIR, else the platform's data folder), where Porthole lists it with the
other captures. Prints the new capture's id. Exit code 1 when the file cannot be imported.`;

export type ImportCommand =
  | { readonly kind: 'import'; readonly file: string; readonly dataDir: string | null }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** The arguments after `import`. */
export function parseImportArgs(argv: readonly string[]): ImportCommand {
  let file: string | null = null;
  let dataDir: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      const value = arg.startsWith('--data-dir=') ? arg.slice('--data-dir='.length) : argv[++i];
      if (value === undefined || value === '' || value.startsWith('--')) {
        return { kind: 'error', message: '--data-dir needs a folder.' };
      }
      dataDir = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { kind: 'error', message: `Unknown option "${arg}" for import.` };
    } else if (file === null) {
      file = arg;
    } else {
      return { kind: 'error', message: `import takes one file; "${arg}" is one too many.` };
    }
  }
  if (file === null) return { kind: 'error', message: 'import needs a .pcap or .pcapng file.' };
  return { kind: 'import', file, dataDir };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Runs `porthole import` as parsed; resolves with the exit code: 0 imported (or help), 1 the
 * file could not be imported, 2 the arguments were wrong.
 */
export async function runImport(command: ImportCommand): Promise<number> {
  if (command.kind === 'help') {
    console.log(IMPORT_USAGE);
    return 0;
  }
  if (command.kind === 'error') {
    console.error(`${command.message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const dataDir = browserModeDataDir(command.dataDir === null ? {} : { flag: command.dataDir });
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  try {
    const result = await importCapture(command.file, dataDir, { signal: controller.signal });
    if (!result.ok) {
      console.error(`${result.error.message}\n${result.error.hint}`);
      return 1;
    }
    const { captureId, connections, packets, skipped, problem } = result.value;
    console.log(captureId);
    console.log(
      `Imported ${plural(connections, 'connection')} from ${plural(packets, 'packet')}` +
        `${skipped > 0 ? ` (${skipped} skipped: not TCP or UDP, fragments, or damaged)` : ''}` +
        ` into ${dataDir}.`,
    );
    if (problem !== null) console.error(`Warning: ${problem.message}`);
    return 0;
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}
