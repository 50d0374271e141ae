// Run a system tool for its output, never failing.

import { execFile } from 'node:child_process';

const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * stdout of `file args`, or '' when the tool is missing, times out or is aborted. A non-zero exit
 * still yields stdout because lsof exits 1 when it finds nothing and partial output is useful.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { readonly timeoutMs: number; readonly signal: AbortSignal },
): Promise<string> {
  return new Promise((resolve) => {
    if (options.signal.aborted || options.timeoutMs <= 0) {
      resolve('');
      return;
    }
    try {
      execFile(
        file,
        args,
        {
          encoding: 'utf8',
          timeout: Math.ceil(options.timeoutMs),
          signal: options.signal,
          maxBuffer: MAX_OUTPUT,
          windowsHide: true,
        },
        (_error, stdout) => resolve(typeof stdout === 'string' ? stdout : ''),
      );
    } catch {
      // execFile throws synchronously on some invalid-argument cases; still "no answer".
      resolve('');
    }
  });
}
