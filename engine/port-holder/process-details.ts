// A Linux process's name and command line, from /proc/PID/{comm,cmdline}.

import { capCommandLine } from './lookup-context';
import { nodeProcFs, type ProcFs } from './proc-fs';

export interface ProcessDetails {
  readonly name: string | null;
  readonly commandLine: string | null;
}

export async function readProcessDetails(
  pid: number,
  fs: ProcFs = nodeProcFs,
): Promise<ProcessDetails> {
  const [comm, cmdline] = await Promise.all([
    fs.readText(`/proc/${pid}/comm`),
    fs.readText(`/proc/${pid}/cmdline`),
  ]);
  const name = comm?.trim() ?? '';
  return {
    name: name === '' ? null : name,
    // Arguments are NUL-terminated; kernel threads have none.
    commandLine: cmdline === null ? null : capCommandLine(cmdline.split('\0').join(' ')),
  };
}
