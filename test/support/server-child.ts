// A server in a process of its own: a child `node` that listens on one address (TCP) or binds one
// (UDP) and prints the port, so the machine view and the diagnosis can be checked against a real
// pid and command line. It stays until stop().

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { within } from './within';

export interface ServerChild {
  readonly pid: number;
  readonly port: number;
  /** A string in the child's command line, to recognise it in answers. */
  readonly marker: string;
  stop(): Promise<void>;
}

const SCRIPT = `
const [protocol, host, ipv6Only] = process.argv.slice(1);
const say = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
const fail = (error) => { say({ error: String(error && error.message) }); process.exit(1); };
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
if (protocol === 'udp') {
  const socket = require('node:dgram').createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', ipv6Only: ipv6Only === '1' });
  socket.on('error', fail);
  socket.bind({ address: host, port: 0 }, () => say({ port: socket.address().port }));
} else {
  const server = require('node:net').createServer((socket) => socket.on('error', () => {}));
  server.on('error', fail);
  server.listen({ host, port: 0, ipv6Only: ipv6Only === '1' }, () => say({ port: server.address().port }));
}
`;

let serial = 0;

export async function startServerChild(
  protocol: 'tcp' | 'udp',
  host: string,
  options: { readonly ipv6Only?: boolean } = {},
): Promise<ServerChild> {
  serial += 1;
  const marker = `porthole-test-server-${process.pid}-${serial}`;
  const child = spawn(
    process.execPath,
    // The marker leads the script: answers cap long command lines.
    ['-e', `// ${marker}\n${SCRIPT}`, protocol, host, options.ipv6Only === true ? '1' : '0'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const [line] = (await within(once(lines, 'line'), `server child on ${host}`)) as [string];
  const printed = JSON.parse(line) as { port?: number; error?: string };
  if (printed.port === undefined || child.pid === undefined) {
    child.kill();
    throw new Error(`server child on ${host} failed: ${printed.error ?? line}`);
  }
  const exited = once(child, 'exit');
  return {
    pid: child.pid,
    port: printed.port,
    marker,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin?.end();
        await within(exited, `server child on ${host} to exit`);
      }
    },
  };
}
