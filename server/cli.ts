// `porthole` command line (plain Node, bundled to dist/server/cli.cjs). Browser mode lives in
// server/; this file only routes arguments and sets the exit code.

import { resolve } from 'node:path';
import { version } from '../package.json';
import { USAGE, parseCliArgs } from './cli-args';
import { EXPORT_USAGE, parseExportArgs, runExport } from './cli-export';
import { parseImportArgs, runImport } from './cli-import';
import { relaunchWithHugePages, shouldRelaunch, stopWithParent } from './relaunch';
import { runServe } from './run-serve';
import { readStartWorkspace } from './start-workspace-file';

/** The bundle sits in dist/server/, the built UI in dist/renderer/. */
const STATIC_DIR = resolve(__dirname, '../renderer');

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCliArgs(argv);
  switch (command.kind) {
    case 'help':
      console.log(USAGE);
      return 0;
    case 'version':
      console.log(version);
      return 0;
    case 'error':
      console.error(`${command.message}\n\n${USAGE}`);
      return 2;
    case 'export': {
      const exported = parseExportArgs(command.argv);
      if (exported.kind === 'help') {
        console.log(EXPORT_USAGE);
        return 0;
      }
      if (exported.kind === 'error') {
        console.error(`${exported.message}\n\n${EXPORT_USAGE}`);
        return 2;
      }
      return runExport(exported);
    }
    case 'import':
      // Prints its own usage for --help and for a bad call (exit 2).
      return runImport(parseImportArgs(command.argv));
    case 'serve': {
      // Checked before anything starts: a bad file is the caller's mistake (exit 2, as a bad flag).
      const start = command.workspace === null ? null : readStartWorkspace(command.workspace);
      if (start !== null && !start.ok) {
        console.error(start.message);
        return 2;
      }
      if (shouldRelaunch()) return relaunchWithHugePages();
      stopWithParent();
      return runServe({
        port: command.port,
        open: command.open,
        staticDir: STATIC_DIR,
        dataDir: command.dataDir,
        persist: command.persist,
        workspace: start?.workspace ?? null,
        maxImportBytes: command.maxImportBytes,
        version,
      });
    }
  }
}

process.on('uncaughtException', (error) => {
  // Exiting closes every socket the engine held; continuing in an unknown state could not.
  console.error('Porthole hit an unexpected error and stopped:', error);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Normally the event loop is empty by now; this only bounds a leaked handle.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    console.error('Porthole could not start:', error);
    process.exit(1);
  },
);
