// Starts the clients a benchmark drives (senders, readers, load tools) from a small helper
// process instead of from the process being measured.
//
// Why: starting a program forks the process that starts it, and a fork write-protects every page
// that process has written. Once the new program has replaced the fork, the starting process
// takes a page fault the next time it writes to each of those pages. An engine holding a 256 MiB
// recording paid about 2,000 faults and 50–100 ms of CPU after every client it started, inside
// the measurement that followed (replays ran at ~1.4 GiB/s right after a start, ~2.5 GiB/s
// without one). Porthole never starts the programs that talk to it, so that cost is the bench's,
// not Porthole's. The helper is started on first use and forks only itself.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

interface Pending {
  resolve(stdout: string): void;
  reject(error: Error): void;
}

interface Reply {
  readonly id: number;
  readonly stdout?: string;
  readonly error?: string;
}

type Helper = ChildProcessByStdio<Writable, Readable, null>;

let helper: Helper | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

/** While nothing is asked of it, the helper must not keep the bench process alive. */
function holdOpen(open: boolean): void {
  const streams = [helper?.stdin, helper?.stdout] as const;
  for (const stream of streams) {
    const socket = stream as unknown as { ref?: () => void; unref?: () => void } | undefined;
    if (open) socket?.ref?.();
    else socket?.unref?.();
  }
  if (open) helper?.ref();
  else helper?.unref();
}

function started(): Helper {
  if (helper !== null) return helper;
  const script = fileURLToPath(new URL('./client-launcher-child.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  helper = child;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reply = JSON.parse(line) as Reply;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) holdOpen(false);
    if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply.stdout ?? '');
  });
  const failAll = (why: string) => {
    helper = null;
    for (const waiting of pending.values()) waiting.reject(new Error(why));
    pending.clear();
  };
  child.on('exit', () => failAll('the client launcher exited'));
  // A helper that could not start, or died as a request was written to it, fails the launches
  // waiting on it instead of crashing the bench.
  child.on('error', (error) => failAll(`the client launcher failed: ${error.message}`));
  child.stdin.on('error', (error) => failAll(`the client launcher failed: ${error.message}`));
  return child;
}

/** Run `file` with `args` to completion, started by the helper; resolves with its stdout. */
export function launch(file: string, args: readonly string[]): Promise<string> {
  const child = started();
  const id = nextId++;
  holdOpen(true);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    child.stdin.write(`${JSON.stringify({ id, file, args })}\n`);
  });
}

/** A Node script of the bench, run by the same Node as the bench. */
export function launchNodeScript(script: string, args: readonly string[]): Promise<string> {
  return launch(process.execPath, [script, ...args]);
}
