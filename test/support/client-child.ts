// A client in a process of its own: a child `node` that connects (TCP) or sends a datagram (UDP)
// to a test's port, so "which program is the client" can be checked against a real pid, name,
// command line and user. It stays alive until stop(), except in the modes that exit on purpose.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { within } from './within';

export type ClientChildMode =
  /** One TCP connection, held open. Prints {localPort}. */
  | 'tcp'
  /** One TCP connection; exits the moment it is connected. Prints nothing. */
  | 'tcp-exit'
  /** One datagram from an unbound socket (the kernel binds the wildcard). Prints {localPort}. */
  | 'udp'
  /** `count` connections, 10 every 10 ms, each closed after `holdMs` (-1: held). Prints {opened, ms}. */
  | 'burst';

export interface ClientChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** A string in the child's command line, to recognise it in answers. */
  readonly marker: string;
  /** The next JSON line the child prints. */
  next<T>(what: string): Promise<T>;
  /** Resolves once it has exited (at once if it has). */
  exited(): Promise<void>;
  stop(): Promise<void>;
}

const SCRIPT = `
const [mode, host, portText, countText, holdText] = process.argv.slice(1);
const net = require('node:net');
const dgram = require('node:dgram');
const port = Number(portText);
const say = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
const fail = (error) => { say({ error: String(error && error.message) }); process.exit(1); };
const keep = () => { process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); };
if (mode === 'tcp') {
  const socket = net.connect({ host, port }, () => say({ localPort: socket.localPort }));
  socket.on('error', fail);
  keep();
} else if (mode === 'tcp-exit') {
  net.connect({ host, port }, () => process.exit(0)).on('error', fail);
} else if (mode === 'udp') {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.send('hello', port, host, (error) =>
    error ? fail(error) : say({ localPort: socket.address().port }));
  keep();
} else if (mode === 'burst') {
  const count = Number(countText);
  const holdMs = Number(holdText);
  const started = performance.now();
  let begun = 0;
  let opened = 0;
  const wave = () => {
    for (let i = 0; i < 10 && begun < count; i += 1, begun += 1) {
      const socket = net.connect({ host, port }, () => {
        opened += 1;
        if (holdMs >= 0) setTimeout(() => socket.destroy(), holdMs);
        if (opened === count) say({ opened, ms: performance.now() - started });
      });
      socket.on('error', () => undefined);
    }
    if (begun < count) setTimeout(wave, 10);
  };
  wave();
  keep();
}
`;

let children = 0;

export function startClientChild(
  mode: ClientChildMode,
  host: string,
  port: number,
  options: { readonly count?: number; readonly holdMs?: number } = {},
): ClientChild {
  children += 1;
  const marker = `porthole-test-client-${process.pid}-${children}`;
  // The marker leads the script: answers cap long command lines.
  const args = [String(options.count ?? 0), String(options.holdMs ?? -1)];
  const child = spawn(
    process.execPath,
    ['-e', `// ${marker}\n${SCRIPT}`, mode, host, String(port), ...args],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.stdout === null) throw new Error('the client child has no stdout');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    pid: child.pid ?? 0,
    marker,
    async next<T>(what: string): Promise<T> {
      const line = await within(lines.next(), what, 20_000);
      if (line.done === true) throw new Error(`the client child ended before ${what}`);
      const value = JSON.parse(line.value as string) as T & { error?: string };
      if (value.error !== undefined) throw new Error(`the client child failed: ${value.error}`);
      return value;
    },
    exited: () => within(exit, 'the client child to exit'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.end();
      await within(exit, 'the client child to exit');
    },
  };
}
