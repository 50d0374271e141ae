// The client lookup for this OS.

import type { ClientBatchLookup, ToolClientLookup } from './client-lookup';
import { createLinuxClientLookup } from './linux-client-lookup';
import { macClientLookup } from './mac-client-lookup';
import { runCommand } from './run-command';
import { windowsClientLookup } from './windows-client-lookup';

/** Tools run no longer than the batch has left, and are killed when it stops. */
function withTools(lookup: ToolClientLookup): ClientBatchLookup {
  return (queries, context) =>
    lookup(queries, context, (file, args) =>
      runCommand(file, args, { timeoutMs: context.remainingMs(), signal: context.signal }),
    );
}

/** A fresh lookup (with its own memory of recent clients), or null where there is none. */
export function clientLookupFor(platform: NodeJS.Platform): ClientBatchLookup | null {
  switch (platform) {
    case 'linux':
    case 'android':
      return createLinuxClientLookup();
    case 'darwin':
      // As root lsof sees every process, so an unlisted socket is gone rather than hidden.
      return withTools(macClientLookup(process.getuid?.() === 0));
    case 'win32':
      return withTools(windowsClientLookup);
    default:
      return null;
  }
}
