// Runs event-load-child.mjs against a port, in a process of its own: steady messages over held
// connections, plus short connections (see that file).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./event-load-child.mjs', import.meta.url));

export interface LoadOptions {
  /** 32-byte messages a second, spread round robin over the held connections. */
  readonly messagesPerSecond: number;
  readonly heldConnections: number;
  /** Short connections a second (connect, one message, close). */
  readonly churnPerSecond: number;
}

interface LoadSummary {
  readonly messages: number;
  readonly churned: number;
  /** Connections that connected, held ones included. */
  readonly connections: number;
  readonly errors: Record<string, number>;
}

export interface RunningLoad {
  /** Stop sending, close every connection, and report. */
  stop(): Promise<LoadSummary>;
  /** Stop at once without a report (cleanup after a failure); harmless once stopped. */
  kill(): void;
}

/** Starts the load; resolves once every held connection is open. */
export async function startEventLoad(port: number, options: LoadOptions): Promise<RunningLoad> {
  const args = [options.messagesPerSecond, options.heldConnections, options.churnPerSecond];
  const child = spawn(process.execPath, [script, String(port), ...args.map(String)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (!child.stdout || !child.stdin) throw new Error('event-load has no stdio');
  const lines = createInterface({ input: child.stdout });
  const next = async (): Promise<unknown> => {
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(child, 'exit').then(([code]) => {
        throw new Error(`event-load exited ${String(code)}`);
      }),
    ])) as [string];
    return JSON.parse(line);
  };
  await next();
  const stdin = child.stdin;
  return {
    async stop() {
      const summary = next();
      stdin.write('\n');
      return (await summary) as LoadSummary;
    },
    kill() {
      if (child.exitCode === null) child.kill();
    },
  };
}
