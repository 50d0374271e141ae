// The parent's side of an engine in a child process (capture-port-process.ts): start a script
// through tsx, optionally with a low open-files limit, and read its JSON lines one at a time,
// failing with a message (never hanging) when a line does not come.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { within } from './within';

export interface EngineProcess {
  readonly child: ChildProcess;
  /** The next JSON line it prints; `what` names it in the failure. */
  next<T>(what: string): Promise<T>;
  /** The port its capture port got (its first line). */
  port(): Promise<number>;
  /** Resolves once it has exited. */
  exited(): Promise<void>;
}

export function startEngineProcess(
  script: string,
  args: readonly string[] = [],
  options: { readonly fdLimit?: number } = {},
): EngineProcess {
  const command = [process.execPath, '--import', 'tsx', script, ...args];
  const child =
    options.fdLimit === undefined
      ? spawn(command[0] ?? '', command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] })
      : spawn('/bin/sh', ['-c', `ulimit -n ${options.fdLimit} && exec "$@"`, 'sh', ...command], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.stdout === null) throw new Error('the engine process has no stdout');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(what: string): Promise<T> => {
    const line = await within(lines.next(), what, 20_000);
    assert.ok(!line.done, `the engine process ended before ${what}`);
    return JSON.parse(line.value as string) as T;
  };
  return {
    child,
    next,
    async port() {
      const { port } = await next<{ port?: number }>('the port number');
      assert.ok(port !== undefined && port > 0, 'the engine process printed its port');
      return port;
    },
    exited: () => within(exit, 'the engine process to exit'),
  };
}
